"""Report writers: terminal summary, JSON (the public contract), HTML, JUnit XML and SARIF 2.1.0."""
