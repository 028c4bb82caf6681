/**
 * The Production Readiness Protocol v1.0.0, item by item. Every rule names one of these items; the docs'
 * checklist matrix is generated from this list, so an item no rule can enforce says why here, once.
 */

/** The checklist's scale table: the smallest project scale at which an item applies. */
export type Scale = "script" | "service" | "platform";

export interface ChecklistItem {
  /** `section.subsection.item`, numbered in the order the protocol lists them. */
  id: string;
  section: string;
  subsection: string;
  text: string;
  scale: Scale;
  /** Set when the item cannot be seen in infrastructure code: why, and where it is checked instead. */
  notInInfrastructure?: string;
}

const APP = "It is a property of application code or of how the team works, not of the resources declared.";

export const checklist: readonly ChecklistItem[] = [
  // 1. Environment & Configuration Consistency
  item("1.1.1", "Environment & Configuration", "Containerization", "All services defined via Dockerfile / docker-compose.yml", "service",
    "Which services a project has is not written anywhere prodready reads; the Dockerfiles and compose files that exist are checked under the items they bear on."),
  item("1.1.2", "Environment & Configuration", "Containerization", "OS, libraries, and runtime versions identical across dev, staging, and prod", "service"),
  item("1.1.3", "Environment & Configuration", "Containerization", "If not containerized: document exact Python/Node version and OS dependencies in README or setup script", "service",
    "Documentation lives in the repository, not in resource declarations."),
  item("1.2.1", "Environment & Configuration", "Strict Environment Variable Isolation", "Zero config values hardcoded in source code", "script"),
  item("1.2.2", "Environment & Configuration", "Strict Environment Variable Isolation", "Use `.env` files locally (`.env` in `.gitignore`)", "script"),
  item("1.2.3", "Environment & Configuration", "Strict Environment Variable Isolation", "Use Secrets Managers for production (AWS Secrets Manager, Vault, or systemd environment files)", "script"),
  item("1.2.4", "Environment & Configuration", "Strict Environment Variable Isolation", "Application must fail fast on startup if required env vars are missing", "script", APP),
  item("1.3.1", "Environment & Configuration", "Dependency Locking", "Commit lock files (`requirements.txt` pinned, `poetry.lock`, `package-lock.json`, `go.sum`)", "script"),
  item("1.3.2", "Environment & Configuration", "Dependency Locking", "Never use unpinned dependencies (`>=`, `*`) in production manifests", "script"),
  item("1.3.3", "Environment & Configuration", "Dependency Locking", "Run `pip freeze` or equivalent to capture exact versions before deployment", "script", APP),
  // 2. Data Integrity & Performance
  item("2.1.1", "Data Integrity & Performance", "Data Parity Testing", "Dev environment uses sanitized/anonymized subset of production-scale data", "platform", APP),
  item("2.1.2", "Data Integrity & Performance", "Data Parity Testing", "Never rely solely on clean \"happy path\" seed data", "platform", APP),
  item("2.1.3", "Data Integrity & Performance", "Data Parity Testing", "Test with edge cases: empty fields, Unicode, massive records, duplicates", "platform", APP),
  // Infrastructure cannot run EXPLAIN, but it decides whether slow queries are recorded where someone can see them.
  item("2.2.1", "Data Integrity & Performance", "Query Optimization", "Run `EXPLAIN ANALYZE` on all new queries against production-sized datasets", "platform"),
  item("2.2.2", "Data Integrity & Performance", "Query Optimization", "Implement caching (Redis or equivalent) for high-read, low-write data", "platform",
    "Whether data is high-read and low-write is not visible in resource declarations."),
  item("2.2.3", "Data Integrity & Performance", "Query Optimization", "Index frequently queried columns", "platform", "Schemas and queries live in application code and migrations."),
  item("2.3.1", "Data Integrity & Performance", "Concurrency Testing", "For services handling multiple users: load test with tools like `k6`, `JMeter`, or `locust`", "service",
    "Load tests run against a deployment, not in resource declarations."),
  item("2.3.2", "Data Integrity & Performance", "Concurrency Testing", "Identify deadlocks, race conditions, and connection pool exhaustion", "service", APP),
  item("2.3.3", "Data Integrity & Performance", "Concurrency Testing", "For single-user automations: test with realistic data volumes and timing", "script", APP),
  // 3. Infrastructure & Security
  item("3.1.1", "Infrastructure & Security", "Infrastructure as Code", "Define VPCs, firewalls, security groups via Terraform/CloudFormation where applicable", "platform"),
  item("3.1.2", "Infrastructure & Security", "Infrastructure as Code", "For VPS deployments: document firewall rules (`ufw`, `iptables`) and SSH hardening in a setup script", "platform"),
  item("3.1.3", "Infrastructure & Security", "Infrastructure as Code", "Local dev should mimic production network restrictions where possible", "platform",
    "Local development environments are not declared in production infrastructure code."),
  item("3.2.1", "Infrastructure & Security", "Protocol Parity (SSL/HTTPS)", "Use local SSL during development (`mkcert`, Traefik) to catch mixed-content and secure cookie issues", "service",
    "Local development setup, not production resource declarations."),
  item("3.2.2", "Infrastructure & Security", "Protocol Parity (SSL/HTTPS)", "Verify certificate chain is valid before go-live", "service"),
  item("3.2.3", "Infrastructure & Security", "Protocol Parity (SSL/HTTPS)", "For API services: enforce HTTPS-only in production", "service"),
  item("3.3.1", "Infrastructure & Security", "Resource Limits", "Define CPU and memory limits in container orchestration manifests (Kubernetes, ECS, Docker Compose)", "service"),
  item("3.3.2", "Infrastructure & Security", "Resource Limits", "For VPS: set up swap, monitor memory usage, configure OOM killer behavior", "service"),
  item("3.3.3", "Infrastructure & Security", "Resource Limits", "Prevent unbounded memory growth in long-running processes", "service"),
  // 4. Deployment & Operations
  item("4.1.1", "Deployment & Operations", "Automated Migration Strategy", "Database migrations must be non-destructive and backward compatible", "platform"),
  item("4.1.2", "Deployment & Operations", "Automated Migration Strategy", "Test both `up` and `down` migrations in staging before production", "platform", APP),
  item("4.1.3", "Deployment & Operations", "Automated Migration Strategy", "Never run untested migrations directly against prod", "platform"),
  item("4.2.1", "Deployment & Operations", "Centralized Observability", "Structured logging in JSON format with correlation IDs", "script"),
  item("4.2.2", "Deployment & Operations", "Centralized Observability", "Ship logs to a central aggregator (even if it's just a log file with `logrotate` on a VPS)", "script"),
  item("4.2.3", "Deployment & Operations", "Centralized Observability", "Never rely solely on `print()` statements or local console output in production", "script", APP),
  item("4.2.4", "Deployment & Operations", "Centralized Observability", "Set up alerts for error rate spikes and resource exhaustion", "platform"),
  item("4.3.1", "Deployment & Operations", "Health Checks", "Implement liveness and readiness probes", "service"),
  item("4.3.2", "Deployment & Operations", "Health Checks", "Application must not accept traffic until dependent services are confirmed reachable", "service"),
  item("4.3.3", "Deployment & Operations", "Health Checks", "For cron/scheduled tasks: log success/failure status after each run", "script"),
  // 5. External Service Resilience
  item("5.1.1", "External Service Resilience", "Fault Tolerance Patterns", "Exponential backoff on all external API calls", "script"),
  item("5.1.2", "External Service Resilience", "Fault Tolerance Patterns", "Circuit breakers to prevent cascading failures when a dependency is down", "script"),
  item("5.1.3", "External Service Resilience", "Fault Tolerance Patterns", "Timeout configuration on every outbound HTTP request — never use default infinite timeouts", "script"),
  item("5.1.4", "External Service Resilience", "Fault Tolerance Patterns", "Graceful degradation: define what happens when an external service is unavailable", "script"),
  item("5.2.1", "External Service Resilience", "Secret Rotation Policy", "Automated checks for token/certificate expiration", "script"),
  item("5.2.2", "External Service Resilience", "Secret Rotation Policy", "Secrets injected at runtime, never baked into build artifacts or Docker images", "script"),
  item("5.2.3", "External Service Resilience", "Secret Rotation Policy", "Rotate API keys on a schedule; alert when expiration is approaching", "script"),
  item("5.2.4", "External Service Resilience", "Secret Rotation Policy", "Store secrets in environment variables or dedicated secret stores, never in source code or config files committed to git", "script"),
];

function item(id: string, section: string, subsection: string, text: string, scale: Scale, notInInfrastructure?: string): ChecklistItem {
  return notInInfrastructure === undefined ? { id, section, subsection, text, scale } : { id, section, subsection, text, scale, notInInfrastructure };
}

export type ChecklistId = (typeof checklist)[number]["id"];

const byId = new Map(checklist.map((entry) => [entry.id, entry]));

export function checklistItem(id: string): ChecklistItem {
  const found = byId.get(id);
  if (!found) throw new Error(`unknown checklist item ${id}`);
  return found;
}
