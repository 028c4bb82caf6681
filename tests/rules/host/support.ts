/** Builders for the host tests' user data and cloud-init files. */

export const base64 = (text: string | Buffer): string => Buffer.from(text).toString("base64");

/** A `#cloud-config` document of the lines given, ending in a newline. */
export const cloudConfig = (...lines: string[]): string => ["#cloud-config", ...lines, ""].join("\n");
