/**
 * A small production-ready AWS service: HTTPS load balancer → ECS Fargate API → RDS PostgreSQL, with its secrets
 * in Secrets Manager, its logs retained, and alarms that page on-call. prodready's full catalogue finds nothing
 * to fix here; examples/gaps is the same kind of service with deliberate gaps.
 */
import { serviceName } from "./app";
import { domain } from "./edge";

export const url = `https://${domain}`;
export const service = serviceName;
