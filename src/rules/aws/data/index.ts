import type { Rule } from "../../rule";
import performanceInsights from "./aws-rds-performance-insights";
import slowQueryLogExport from "./aws-rds-slow-query-log-export";

/** Data integrity and performance: checklist section 2. */
export const dataRules: Rule[] = [performanceInsights, slowQueryLogExport];
