#!/usr/bin/env bash
# Assembles the Claude Code plugin bundle: bin/ (steward and steward-hook, ReadyToRun,
# framework-dependent), .claude-plugin/plugin.json and marketplace.json, .mcp.json,
# hooks/hooks.json, skills/ and a README. Usage: plugin/build.sh [--out DIR] [--rid RID]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/artifacts/plugin"
rid=""

usage() { echo "usage: plugin/build.sh [--out DIR] [--rid RID]   (default: $root/artifacts/plugin, this machine's RID)"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || { usage >&2; exit 64; }; out="$2"; shift 2 ;;
    --rid) [ $# -ge 2 ] || { usage >&2; exit 64; }; rid="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "plugin/build.sh: unknown option '$1'" >&2; usage >&2; exit 64 ;;
  esac
done

if [ -z "$rid" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) rid=linux-x64 ;;
    Linux-aarch64|Linux-arm64) rid=linux-arm64 ;;
    Darwin-x86_64) rid=osx-x64 ;;
    Darwin-arm64) rid=osx-arm64 ;;
    *) echo "plugin/build.sh: cannot tell the runtime identifier for $(uname -s) $(uname -m); pass --rid" >&2; exit 1 ;;
  esac
fi

mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
# Built beside the target and swapped in at the end, so a failed build never leaves half a bundle.
staging="$(mktemp -d "$out.building.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

for project in server/Steward hooks/Steward.Hooks; do
  echo "publishing $project ($rid, ReadyToRun)" >&2
  dotnet publish "$root/$project" -c Release -r "$rid" --self-contained false \
    -p:PublishReadyToRun=true -p:DebugType=none -o "$staging/bin" --nologo -v quiet >&2
done

mkdir -p "$staging/.claude-plugin" "$staging/hooks"
cp "$root/plugin.json" "$staging/.claude-plugin/plugin.json"
cp "$root/plugin/marketplace.json" "$staging/.claude-plugin/marketplace.json"
cp "$root/plugin/icon.png" "$staging/.claude-plugin/icon.png"
cp "$root/plugin/mcp.json" "$staging/.mcp.json"
cp "$root/plugin/README.md" "$staging/README.md"
cp "$root/hooks/hooks.json" "$staging/hooks/hooks.json"
cp -R "$root/skills" "$staging/skills"
chmod 755 "$staging" "$staging/bin/steward" "$staging/bin/steward-hook"

rm -rf "$out"
mv "$staging" "$out"
trap - EXIT
echo "$out"
