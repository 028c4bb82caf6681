import { isUnknown, type Resource } from "../../../model/resource";
import { isNotApplicable, notApplicable, undecided, type CheckResult } from "../../rule";

/**
 * A rule for services meant to keep running: a one-shot job another service waits for with
 * `condition: service_completed_successfully` exits when done, so it is not judged; where whether one waits is
 * unknown, what would be a violation could not be evaluated.
 */
export function judgeLongRunning(service: Resource, judge: () => CheckResult): CheckResult {
  const awaited = service.props.completion_awaited;
  if (awaited === true) return notApplicable("a one-shot job: another service waits for it to complete (service_completed_successfully)");
  const result = judge();
  if (!isUnknown(awaited) || isNotApplicable(result)) return result;
  return result.map((verdict) =>
    verdict.outcome === "violation" ? undecided(verdict.path, `${verdict.message}, unless it is a one-shot job another service waits for, which is unknown`) : verdict,
  );
}
