export * from "./merge";
export * from "./aws-context";
export * from "./encryption-key";
export * from "./alerting";
export * from "./managed-secret";
