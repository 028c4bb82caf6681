/** Dockerfile files into the model. */
import { emptyReading, type FileFormat } from "./format";

export const dockerfileFormat: FileFormat = {
  name: "Dockerfile",
  claims(baseName) {
    return baseName === "Dockerfile" || baseName === "Containerfile" || baseName.startsWith("Dockerfile.") || baseName.endsWith(".Dockerfile") || baseName.endsWith(".dockerfile");
  },
  read() {
    return emptyReading();
  },
};

