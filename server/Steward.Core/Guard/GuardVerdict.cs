namespace Steward.Core.Guard;

/// <summary>What the guard says about a command, from least to most restrictive.</summary>
public enum GuardVerdict
{
    Allow,
    Ask,
    Deny,
}
