/**
 * Which references read a credential by their own name (`Resource.credentialReads`), in the evaluation of a
 * configuration and in a plan alike.
 */
import { getOrAdd } from "../../collections";
import { isSecretName } from "../../rules/secrets";

/**
 * Roots of references to values handed in or passed on, whose names are all that says what they hold: a variable,
 * a local value, a module's output, a data source's attribute, `each.value`, what `terraform_data` is given and passes
 * on (`terraform_data.cfg.output.token`). Not another managed resource's attribute: the provider's schema says which
 * of those are secret (a sensitive mark, a generated secret).
 */
const NAMED_VALUE_ROOTS = new Set(["var", "local", "module", "data", "each", "terraform_data"]);

/** Each name tested once: names recur in every module (`id`, `arn`, `name`), and splitting one into words is dear. */
const credentialNames = new Map<string, boolean>();

/**
 * Whether a reference from `root` whose last step is `step` reads a credential, by the names environment variables
 * are judged by (`isSecretName`): `var.github_app.webhook_secret`, `data.aws_secretsmanager_secret_version.db.secret_string`,
 * but not what names or points to one (`var.db_password_arn`, `local.token_secret_name`).
 */
export function readsCredential(root: string, step: string): boolean {
  return NAMED_VALUE_ROOTS.has(root) && namesCredential(step);
}

/** Whether a reference's last step is named like a credential (`isSecretName`), whatever it reads from. */
export function namesCredential(step: string): boolean {
  return getOrAdd(credentialNames, step, () => isSecretName(step));
}
