/**
 * A Terraform Stack's configuration files (HCP Terraform, Terraform 1.13 and later), in HCL or JSON: component files
 * (`.tfcomponent`, `.tfstack` in the beta), whose `component` blocks give the modules they source their `inputs`, and
 * deployment files (`.tfdeploy`), whose `deployment` blocks give the Stack's variables their values, as a tfvars file
 * gives a root module's. Neither Terraform nor prodready evaluates them.
 */
export function isStackFileName(name: string): boolean {
  return /\.(tfcomponent|tfstack|tfdeploy)\.(hcl|json)$/.test(name);
}
