"""Reviews of built documents: what changed between two versions, in Word's own markup."""
