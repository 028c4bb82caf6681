"use strict";
/** The bare pack's one policy: reads a property of every resource, so a call does the SDK's full work once. */
module.exports = {
  name: "tags-present",
  description: "Every resource that takes tags has a `team` tag.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const tags = args.props.tags;
    if (tags === undefined) return;
    if (tags === null || typeof tags !== "object" || !("team" in tags)) reportViolation("the resource has no `team` tag");
  },
};
