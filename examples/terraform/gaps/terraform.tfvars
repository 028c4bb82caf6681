# Gap, section 5 (secret rotation policy): the database password is committed with the configuration. It reaches
# the database (PR-CFG-004 aws-database-no-literal-master-password) and the worker's environment
# (PR-CFG-001 aws-lambda-no-plaintext-secrets), and it never rotates; the file itself is configuration that git tracks
# (PR-CFG-020 repo-no-secrets-in-config).
db_password = "hunter2-plaintext-Tr0ub4dor"
