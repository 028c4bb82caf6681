/** compose file files into the model. */
import { emptyReading, type FileFormat } from "./format";

export const composeFormat: FileFormat = {
  name: "compose file",
  claims(baseName) {
    return /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/.test(baseName);
  },
  read() {
    return emptyReading();
  },
};
