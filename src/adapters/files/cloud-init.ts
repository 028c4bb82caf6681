/** cloud-init file files into the model. */
import { emptyReading, type FileFormat } from "./format";

export const cloudInitFormat: FileFormat = {
  name: "cloud-init file",
  claims(baseName) {
    return /^(cloud-init|cloud-config|user-data)([.-][\w.-]+)?$/.test(baseName) && !baseName.endsWith(".md");
  },
  recognizes(text) {
    return text.startsWith("#cloud-config");
  },
  read() {
    return emptyReading();
  },
};
