// The node baseline for the hook benchmark: the least a hook can do — read the event from stdin,
// parse it, write one JSON decision. Steward's compiled hooks are measured beside this.
const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', () => {
  const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const command = (event.tool_input && event.tool_input.command) || '';
  const decision = /\brm\s+-rf\s+\/(\s|$)/.test(command) ? 'deny' : undefined;
  if (decision) {
    process.stdout.write(JSON.stringify({ hookSpecificOutput: { hookEventName: event.hook_event_name, permissionDecision: decision, permissionDecisionReason: 'blocked' } }));
  }
});
