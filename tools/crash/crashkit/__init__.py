"""crashkit: the crash-safety harness for iamvault (tools/crash/crash-harness). Python 3 standard library only."""
