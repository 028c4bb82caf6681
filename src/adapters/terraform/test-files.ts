/**
 * Terraform's and OpenTofu's test files (`.tftest`, `.tofutest`) and mock data (`.tfmock`), in HCL or JSON: only
 * `terraform test` reads them, never a plan or an apply, and the values they set are the tests' own.
 */
export function isTestFileName(name: string): boolean {
  return /\.(tftest|tofutest|tfmock)\.(hcl|json)$/.test(name);
}
