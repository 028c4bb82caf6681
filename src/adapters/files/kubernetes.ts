/** Kubernetes manifest files into the model. */
import { emptyReading, type FileFormat } from "./format";

export const kubernetesFormat: FileFormat = {
  name: "Kubernetes manifest",
  claims(baseName) {
    void baseName;
    return false;
  },
  recognizes(text) {
    return /^kind:\s*\S/m.test(text) && /^apiVersion:\s*\S/m.test(text);
  },
  read() {
    return emptyReading();
  },
};

