// Secrets Manager rotation steps for the payments API key. The provider call is a placeholder: the example is
// checked, never deployed.
exports.handler = async (event) => {
  console.log(JSON.stringify({ level: "info", message: "rotation step", step: event.Step, secret: event.SecretId }));
};
