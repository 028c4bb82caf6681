import { isUnknown, valueAt } from "../../../model/resource";
import { expectNumberWithin } from "../../read";
import { notApplicable, resourceRule, undecided } from "../../rule";
import { fixOf } from "../../fixes";

/** Application Auto Scaling dimensions that count instances or tasks; the others count capacity units. */
const COUNT_DIMENSIONS = new Set([
  "ecs:service:DesiredCount",
  "ec2:spot-fleet-request:TargetCapacity",
  "elasticmapreduce:instancegroup:InstanceCount",
  "appstream:fleet:DesiredCapacity",
  "rds:cluster:ReadReplicaCount",
  "sagemaker:variant:DesiredInstanceCount",
]);

export default resourceRule({
  id: "PR-LIM-003",
  slug: "aws-autoscaling-bounded-max",
  title: "Auto Scaling groups and ECS scaling targets have a bounded maximum size",
  checklist: "3.3.3",
  severity: "medium",
  description:
    "Scaling out is how a service absorbs a spike, and also how a retry storm, a memory leak or a bad health " +
    "check turns into hundreds of instances and a bill. The maximum of an Auto Scaling group (`max_size`) and of " +
    "an Application Auto Scaling target that counts instances or tasks (`max_capacity` for ECS services, Spot " +
    "fleets, EMR instance groups, AppStream fleets, Aurora replicas, SageMaker variants) must stay at or below " +
    "`maxSize`. Targets that scale capacity units (DynamoDB, Lambda provisioned concurrency) are not applicable.",
  remediation:
    "Set `max_size` on the Auto Scaling group (Pulumi `maxSize`) or `max_capacity` on the `aws_appautoscaling_target` " +
    "(Pulumi `maxCapacity`) to the most the service should ever run, or raise `maxSize` in this rule's config when " +
    "a larger fleet is intended.",
  fix: (resource, config) => {
    const argument = resource.kind === "aws_autoscaling_group" ? "max_size" : "max_capacity";
    return fixOf(`Set ${argument} to the most the service should ever run, at most ${config.maxSize}, or raise the rule's maxSize setting where a larger fleet is intended.`, [argument]);
  },
  links: [
    "https://docs.aws.amazon.com/autoscaling/ec2/userguide/asg-capacity-limits.html",
    "https://docs.aws.amazon.com/autoscaling/application/userguide/what-is-application-auto-scaling.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/autoscaling_group#max_size",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/appautoscaling_target",
  ],
  kinds: ["aws_autoscaling_group", "aws_appautoscaling_target"],
  config: {
    maxSize: { type: "integer", default: 20, minimum: 1, description: "Largest maximum size accepted, in instances or tasks." },
  },
  check(resource, config) {
    const atMost = (property: string) =>
      expectNumberWithin(resource, property, { max: config.maxSize }, {
        notSet: `${property} is not set; it must be at most ${config.maxSize}`,
        notNumber: `${property} is not a number`,
        outOfRange: (_size, shown) => `${property} is ${shown}, above the bound of ${config.maxSize}`,
      });
    if (resource.kind === "aws_autoscaling_group") return atMost("max_size");
    const dimension = valueAt(resource.props, "scalable_dimension");
    if (isUnknown(dimension)) return [undecided("scalable_dimension")];
    if (typeof dimension !== "string" || !COUNT_DIMENSIONS.has(dimension)) {
      return notApplicable("the target scales capacity units, not instances or tasks");
    }
    return atMost("max_capacity");
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "an Auto Scaling group allowed to grow to 500 instances",
          resources: [
            {
              type: "aws:autoscaling/group:Group",
              name: "fail_asg",
              props: { minSize: 2, maxSize: 500, vpcZoneIdentifiers: ["subnet-0a1b2c3d"], launchTemplate: { id: "lt-0123456789abcdef0", version: "$Latest" } },
            },
          ],
        },
        {
          description: "an ECS service scaling target with a maximum of 1000 tasks",
          resources: [
            {
              type: "aws:appautoscaling/target:Target",
              name: "fail_ecs_target",
              props: {
                serviceNamespace: "ecs",
                scalableDimension: "ecs:service:DesiredCount",
                resourceId: "service/prod/api",
                minCapacity: 2,
                maxCapacity: 1000,
              },
            },
          ],
        },
      ],
      pass: [
        {
          description: "an Auto Scaling group bounded at 10 instances",
          resources: [
            {
              type: "aws:autoscaling/group:Group",
              name: "pass_asg",
              props: { minSize: 2, maxSize: 10, vpcZoneIdentifiers: ["subnet-0a1b2c3d"], launchTemplate: { id: "lt-0123456789abcdef0", version: "$Latest" } },
            },
          ],
        },
        {
          description: "an ECS service scaling target bounded at 12 tasks",
          resources: [
            {
              type: "aws:appautoscaling/target:Target",
              name: "pass_ecs_target",
              props: { serviceNamespace: "ecs", scalableDimension: "ecs:service:DesiredCount", resourceId: "service/prod/api", minCapacity: 2, maxCapacity: 12 },
            },
          ],
        },
      ],
    },
  },
});
