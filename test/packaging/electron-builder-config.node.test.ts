import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// electron-builder.yml as IT's signed installers need it: per-machine NSIS plus MSI, signing and notarization wired to
// the environment (no secret in the repository), hardened macOS builds, the fuses, and the update feed.

const root = join(__dirname, '../..');
const text = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
const config = parse(text) as Record<string, any>;
const targetsOf = (platform: Record<string, any>) => (platform.target as Array<{ target: string; arch: string[] }>).map((entry) => entry.target);

/** Every [path, value] pair of a parsed YAML tree. */
function leaves(value: unknown, path: string[] = []): Array<[string, unknown]> {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, child]) => leaves(child, [...path, key]));
  return [[path.join('.'), value]];
}

describe('electron-builder.yml', () => {
  it('builds a per-machine NSIS installer and an MSI for deployment tools on Windows', () => {
    expect(targetsOf(config.win)).toEqual(['nsis', 'msi']);
    expect(config.nsis.perMachine).toBe(true);
    expect(config.nsis.oneClick).toBe(false);
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false);
    expect(config.msi.perMachine).toBe(true);
    expect(config.msi.upgradeCode).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('signs Windows builds from the environment and makes installed apps check an update’s publisher', () => {
    // CSC_LINK / CSC_KEY_PASSWORD are read by electron-builder; nothing in the file names a certificate or its password.
    expect(config.win.signtoolOptions).toEqual({ signingHashAlgorithms: ['sha256'], rfc3161TimeStampServer: 'http://timestamp.digicert.com' });
    expect(config.win.verifyUpdateCodeSignature).toBe(true);
    expect(config.win.azureSignOptions).toBeUndefined();
  });

  it('builds a hardened, signed and notarized DMG and ZIP on macOS', () => {
    expect(targetsOf(config.mac)).toEqual(['dmg', 'zip']);
    expect(config.mac.target[0].arch).toEqual(['x64', 'arm64']);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.notarize).toBe(true);
    expect(config.mac.identity).toBeUndefined();
    expect(config.mac.entitlements).toBe('build/entitlements.mac.plist');
    expect(config.mac.entitlementsInherit).toBe('build/entitlements.mac.plist');
    const entitlements = readFileSync(join(root, config.mac.entitlements), 'utf8');
    expect(entitlements).toContain('<key>com.apple.security.cs.allow-jit</key>');
    expect(entitlements).not.toContain('disable-library-validation');
  });

  it('has its icons in build/', () => {
    expect(config.directories.buildResources).toBe('build');
    const png = readFileSync(join(root, config.linux.icon));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024]);
    expect(readFileSync(join(root, config.win.icon)).readUInt16LE(2)).toBe(1);
    expect(readFileSync(join(root, config.mac.icon)).subarray(0, 4).toString()).toBe('icns');
    expect(statSync(join(root, config.mac.icon)).size).toBeGreaterThan(1000);
  });

  it('flips the Electron fuses that keep the binary from running anything but this app', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('publishes to a generic feed whose URL comes from the environment', () => {
    expect(config.publish).toEqual({ provider: 'generic', url: '${env.FRONTDESK_UPDATE_URL}' });
  });

  it('ships the build output with better-sqlite3 unpacked and without the server', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['**/node_modules/better-sqlite3/**']);
    expect(config.files).toContain('out/**');
    expect(config.files).toContain('!server{,/**/*}');
  });

  it('holds no secret: no credential field, and every substitution reads the environment', () => {
    const credentialKey = /password|secret|token|csclink|certificatefile|certificatesha1|appleid|apikey|identity|keychain/i;
    const offending = leaves(config).filter(([path]) => credentialKey.test(path));
    expect(offending).toEqual([]);
    const substitutions = [...text.matchAll(/\$\{([^}]*)\}/g)].map((match) => match[1]);
    expect(substitutions).toEqual(['env.FRONTDESK_UPDATE_URL']);
  });
});

describe('build/azure-trusted-signing.cjs', () => {
  const { azureTrustedSigningConfig } = createRequire(__filename)('../../build/azure-trusted-signing.cjs') as {
    azureTrustedSigningConfig: (env: Record<string, string | undefined>) => Record<string, any>;
  };
  const env = {
    AZURE_TRUSTED_SIGNING_ENDPOINT: 'https://eus.codesigning.azure.net',
    AZURE_TRUSTED_SIGNING_ACCOUNT: 'frontdesk',
    AZURE_TRUSTED_SIGNING_CERTIFICATE_PROFILE: 'frontdesk-public',
    WIN_PUBLISHER_NAME: 'CN=Frontdesk Inc., O=Frontdesk Inc., C=US',
  };

  it('extends electron-builder.yml with Azure Trusted Signing options read from the environment', () => {
    expect(azureTrustedSigningConfig(env)).toEqual({
      extends: './electron-builder.yml',
      win: {
        signtoolOptions: null,
        azureSignOptions: {
          endpoint: 'https://eus.codesigning.azure.net',
          codeSigningAccountName: 'frontdesk',
          certificateProfileName: 'frontdesk-public',
          publisherName: 'CN=Frontdesk Inc., O=Frontdesk Inc., C=US',
        },
      },
    });
  });

  it('refuses to build with a variable missing, naming each one', () => {
    expect(() => azureTrustedSigningConfig({ ...env, AZURE_TRUSTED_SIGNING_ACCOUNT: ' ', WIN_PUBLISHER_NAME: undefined })).toThrow(
      /azure_signing_env_missing[\s\S]*AZURE_TRUSTED_SIGNING_ACCOUNT[\s\S]*WIN_PUBLISHER_NAME/,
    );
  });
});
