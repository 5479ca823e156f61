// electron-builder configuration for Windows builds signed by Azure Trusted Signing:
//   npx electron-builder --win --config build/azure-trusted-signing.cjs
// It is electron-builder.yml plus win.azureSignOptions, whose values come from the environment because
// electron-builder expands ${env.*} only in a few fields (publish, artifact names), not in signing options.
// Microsoft's TrustedSigning module signs and reads the Entra ID credentials itself (AZURE_TENANT_ID,
// AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or the other EnvironmentCredential variables); none is named here.
'use strict';

/** The names of the variables this file reads, and what each one is. */
const AZURE_SIGNING_VARIABLES = {
  AZURE_TRUSTED_SIGNING_ENDPOINT: 'the Trusted Signing account endpoint, e.g. https://eus.codesigning.azure.net',
  AZURE_TRUSTED_SIGNING_ACCOUNT: 'the Trusted Signing account name',
  AZURE_TRUSTED_SIGNING_CERTIFICATE_PROFILE: 'the certificate profile name',
  WIN_PUBLISHER_NAME: "the certificate's subject (CN=...), which installed apps require of every update",
};

/** The configuration for this environment, or an error naming every variable that is missing. */
function azureTrustedSigningConfig(env) {
  const missing = Object.keys(AZURE_SIGNING_VARIABLES).filter((name) => !env[name] || !env[name].trim());
  if (missing.length > 0) {
    const lines = missing.map((name) => `  ${name}: ${AZURE_SIGNING_VARIABLES[name]}`);
    throw new Error(`azure_signing_env_missing: Azure Trusted Signing needs these environment variables:\n${lines.join('\n')}`);
  }
  return {
    extends: './electron-builder.yml',
    win: {
      // signtoolOptions and azureSignOptions exclude each other.
      signtoolOptions: null,
      azureSignOptions: {
        endpoint: env.AZURE_TRUSTED_SIGNING_ENDPOINT.trim(),
        codeSigningAccountName: env.AZURE_TRUSTED_SIGNING_ACCOUNT.trim(),
        certificateProfileName: env.AZURE_TRUSTED_SIGNING_CERTIFICATE_PROFILE.trim(),
        publisherName: env.WIN_PUBLISHER_NAME.trim(),
      },
    },
  };
}

// electron-builder calls an exported function with its request; the test calls azureTrustedSigningConfig.
module.exports = () => azureTrustedSigningConfig(process.env);
module.exports.azureTrustedSigningConfig = azureTrustedSigningConfig;
