// The loopback guard of the real-Syncthing harness: it refuses the config Syncthing generates
// (discovery, relays, NAT, reporting, upgrades on), refuses any single setting that would reach
// beyond 127.0.0.1, and passes the harness's edit — which xmllint, an independent reader, reads
// back as loopback-only.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertLoopbackOnly, loopbackConfig, loopbackViolations } from '../sync/syncthingConfig.ts';
import { runningBeyondLoopback, type Connections, type SystemStatus } from '../sync/syncthingRest.ts';

const GENERATED = readFileSync(join(import.meta.dirname, '../fixtures/syncthing/generated-config.xml'), 'utf8');
const SELF_ID = 'ADNGR2O-DZUTS4R-4RBLRRK-FKOODRX-BHLMNCK-OV2GQXP-F6EX7RM-VFKNUQT';
const PEER_ID = 'KRW24ID-DIRMZN4-IM6LHPR-4ZWFC7P-HWMAHEF-PU7NRGF-KZNCT4K-EJEDEAY';

const edited = loopbackConfig(GENERATED, {
  name: 'pizhu-A',
  syncPort: 22001,
  guiPort: 8385,
  peer: { deviceId: PEER_ID, name: 'pizhu-B', syncPort: 22002 },
  folder: { id: 'pizhu-library', label: 'Pizhu library', path: '/tmp/pizhu-test/A/library' },
});

/** xmllint's reading of an XPath string expression over `xml`. */
const xpath = (xml: string, expression: string) => execFileSync('xmllint', ['--xpath', `string(${expression})`, '-'], { input: xml, encoding: 'utf8' }).trimEnd();

/** `xml` with exactly one occurrence of `from` replaced, so a case cannot silently edit nothing. */
function once(xml: string, from: string, to: string): string {
  expect(xml.split(from)).toHaveLength(2);
  return xml.replace(from, to);
}

describe('the Syncthing loopback guard', () => {
  it('reads the fixture the way Syncthing wrote it', () => {
    expect(xpath(GENERATED, '/configuration/device/@id')).toBe(SELF_ID);
  });

  it('refuses the config as `syncthing generate` writes it, naming every setting that reaches out', () => {
    const violations = loopbackViolations(GENERATED);
    for (const setting of ['globalAnnounceEnabled', 'localAnnounceEnabled', 'relaysEnabled', 'natEnabled', 'stunKeepaliveStartS', 'urAccepted', 'crashReportingEnabled', 'autoUpgradeIntervalH']) {
      expect(violations.filter((v) => v.startsWith(`options/${setting} `))).toHaveLength(1);
    }
    expect(violations).toContain('options/listenAddress "default" is not tcp://127.0.0.1:<port>');
    expect(violations).toContain(`device ${SELF_ID} address is "dynamic": it would be looked up through discovery`);
    expect(violations).toContain('defaults/device (template) address is "dynamic": it would be looked up through discovery');
    expect(violations).toHaveLength(11);
    expect(() => assertLoopbackOnly(GENERATED)).toThrow(/^Refusing to start Syncthing: config\.xml would allow traffic beyond 127\.0\.0\.1:/);
  });

  it('passes the harness’s edit, which xmllint reads back as loopback-only', () => {
    expect(loopbackViolations(edited)).toEqual([]);
    expect(() => assertLoopbackOnly(edited)).not.toThrow();

    const option = (name: string) => xpath(edited, `/configuration/options/${name}`);
    expect(xpath(edited, 'count(/configuration/options/listenAddress)')).toBe('1');
    expect(option('listenAddress')).toBe('tcp://127.0.0.1:22001');
    expect(option('globalAnnounceEnabled')).toBe('false');
    expect(option('localAnnounceEnabled')).toBe('false');
    expect(option('relaysEnabled')).toBe('false');
    expect(option('natEnabled')).toBe('false');
    expect(option('stunKeepaliveStartS')).toBe('0');
    expect(option('urAccepted')).toBe('-1');
    expect(option('crashReportingEnabled')).toBe('false');
    expect(option('autoUpgradeIntervalH')).toBe('0');
    expect(xpath(edited, '/configuration/gui/address')).toBe('127.0.0.1:8385');
    expect(xpath(edited, '/configuration/gui/apikey')).toBe('fixture-api-key-not-secret');

    expect(xpath(edited, 'count(//address[. = "dynamic"])')).toBe('0');
    expect(xpath(edited, `/configuration/device[@id = "${SELF_ID}"]/address`)).toBe('tcp://127.0.0.1:22001');
    expect(xpath(edited, `/configuration/device[@id = "${PEER_ID}"]/address`)).toBe('tcp://127.0.0.1:22002');
    expect(xpath(edited, `count(/configuration/device[@introducer != "false"])`)).toBe('0');

    const folder = '/configuration/folder[@id = "pizhu-library"]';
    expect(xpath(edited, `count(/configuration/folder)`)).toBe('1');
    expect(xpath(edited, `${folder}/@path`)).toBe('/tmp/pizhu-test/A/library');
    expect(xpath(edited, `${folder}/@type`)).toBe('sendreceive');
    expect(xpath(edited, `${folder}/@fsWatcherEnabled`)).toBe('true');
    expect(xpath(edited, `${folder}/@fsWatcherDelayS`)).toBe('1');
    expect(xpath(edited, `count(${folder}/device)`)).toBe('2');
    expect(xpath(edited, `count(${folder}/device[@id = "${SELF_ID}" or @id = "${PEER_ID}"])`)).toBe('2');
    // Kept from Syncthing's folder template: without it no conflict copies would be kept.
    expect(xpath(edited, `${folder}/maxConflicts`)).toBe('10');
    // An attribute with an empty value stays `name=""`: Go's XML decoder rejects a bare name.
    expect(edited).toContain('introducedBy=""');
  });

  const peerAddress = '<address>tcp://127.0.0.1:22002</address>';
  /** The peer's own device element (the device template also holds the peer's address). */
  const peerWith = (xml: string, addresses: string) => {
    const block = /<device id="KRW24ID[^>]*>\s*<address>tcp:\/\/127\.0\.0\.1:22002<\/address>/.exec(xml)![0];
    return once(xml, block, block.replace(peerAddress, addresses));
  };
  const templateWith = (xml: string, addresses: string) => {
    const block = /<device id="" [^>]*>\s*<address>tcp:\/\/127\.0\.0\.1:22002<\/address>/.exec(xml)![0];
    return once(xml, block, block.replace(peerAddress, addresses));
  };
  const refusals: ReadonlyArray<readonly [string, (xml: string) => string, RegExp]> = [
    ['listen on all interfaces', (x) => once(x, 'tcp://127.0.0.1:22001</listenAddress>', 'tcp://0.0.0.0:22001</listenAddress>'), /listenAddress "tcp:\/\/0\.0\.0\.0:22001"/],
    ['listen without a host', (x) => once(x, 'tcp://127.0.0.1:22001</listenAddress>', 'tcp://:22001</listenAddress>'), /listenAddress "tcp:\/\/:22001"/],
    ['listen "default"', (x) => once(x, 'tcp://127.0.0.1:22001</listenAddress>', 'default</listenAddress>'), /listenAddress "default"/],
    ['listen on a name that merely starts with 127.0.0.1', (x) => once(x, 'tcp://127.0.0.1:22001</listenAddress>', 'tcp://127.0.0.1.nip.io:22001</listenAddress>'), /listenAddress "tcp:\/\/127\.0\.0\.1\.nip\.io:22001"/],
    ['listen on localhost (a name, not the address)', (x) => once(x, 'tcp://127.0.0.1:22001</listenAddress>', 'tcp://localhost:22001</listenAddress>'), /listenAddress "tcp:\/\/localhost:22001"/],
    ['a second listener over QUIC on all interfaces', (x) => once(x, '<listenAddress>', '<listenAddress>quic://0.0.0.0:22001</listenAddress><listenAddress>'), /listenAddress "quic:\/\/0\.0\.0\.0:22001"/],
    ['a listen port out of range', (x) => once(x, 'tcp://127.0.0.1:22001</listenAddress>', 'tcp://127.0.0.1:70000</listenAddress>'), /listenAddress "tcp:\/\/127\.0\.0\.1:70000"/],
    ['no listen address', (x) => once(x, /<listenAddress>[^<]*<\/listenAddress>/.exec(x)![0], ''), /listenAddress is missing/],
    ['the peer looked up dynamically', (x) => peerWith(x, '<address>dynamic</address>'), new RegExp(`device ${PEER_ID} address is "dynamic"`)],
    ['the peer dynamic besides its address', (x) => peerWith(x, `${peerAddress}<address>dynamic</address>`), new RegExp(`device ${PEER_ID} address is "dynamic"`)],
    ['the peer on a LAN address', (x) => peerWith(x, '<address>tcp://192.168.1.20:22000</address>'), /address "tcp:\/\/192\.168\.1\.20:22000" is not tcp:\/\/127\.0\.0\.1:<port>/],
    ['the peer through a relay', (x) => peerWith(x, '<address>relay://127.0.0.1:22067</address>'), /address "relay:\/\/127\.0\.0\.1:22067"/],
    ['the peer an introducer', (x) => once(x, `id="${PEER_ID}" name="pizhu-B" compression="metadata" introducer="false"`, `id="${PEER_ID}" name="pizhu-B" compression="metadata" introducer="true"`), /is an introducer/],
    ['the device template back to dynamic', (x) => templateWith(x, '<address>dynamic</address>'), /defaults\/device \(template\) address is "dynamic"/],
    ['the GUI on all interfaces', (x) => once(x, '<address>127.0.0.1:8385</address>', '<address>0.0.0.0:8385</address>'), /gui\/address "0\.0\.0\.0:8385"/],
    ['the GUI without a host', (x) => once(x, '<address>127.0.0.1:8385</address>', '<address>:8385</address>'), /gui\/address ":8385"/],
    ['the GUI on every IPv6 address', (x) => once(x, '<address>127.0.0.1:8385</address>', '<address>[::]:8385</address>'), /gui\/address "\[::\]:8385"/],
    ['global discovery on', (x) => once(x, '<globalAnnounceEnabled>false<', '<globalAnnounceEnabled>true<'), /options\/globalAnnounceEnabled is "true"/],
    ['local discovery on', (x) => once(x, '<localAnnounceEnabled>false<', '<localAnnounceEnabled>true<'), /options\/localAnnounceEnabled is "true"/],
    ['relays on', (x) => once(x, '<relaysEnabled>false<', '<relaysEnabled>true<'), /options\/relaysEnabled is "true"/],
    ['relays left to the default', (x) => once(x, '<relaysEnabled>false</relaysEnabled>', ''), /options\/relaysEnabled is missing/],
    ['NAT traversal on', (x) => once(x, '<natEnabled>false<', '<natEnabled>true<'), /options\/natEnabled is "true"/],
    ['STUN keepalive on', (x) => once(x, '<stunKeepaliveStartS>0<', '<stunKeepaliveStartS>180<'), /options\/stunKeepaliveStartS is "180"/],
    ['usage reporting accepted', (x) => once(x, '<urAccepted>-1<', '<urAccepted>3<'), /options\/urAccepted is "3"/],
    ['usage reporting undecided', (x) => once(x, '<urAccepted>-1<', '<urAccepted>0<'), /options\/urAccepted is "0"/],
    ['crash reporting on', (x) => once(x, '<crashReportingEnabled>false<', '<crashReportingEnabled>true<'), /options\/crashReportingEnabled is "true"/],
    ['automatic upgrades on', (x) => once(x, '<autoUpgradeIntervalH>0<', '<autoUpgradeIntervalH>12<'), /options\/autoUpgradeIntervalH is "12"/],
    ['pre-release upgrades on', (x) => once(x, '<upgradeToPreReleases>false<', '<upgradeToPreReleases>true<'), /options\/upgradeToPreReleases is "true"/],
    ['no <options> at all', (x) => x.replace(/<options>[\s\S]*<\/options>/, ''), /no <options> element/],
    ['no <gui> at all', (x) => x.replace(/<gui [\s\S]*<\/gui>/, ''), /no <gui> element/],
    ['an attribute without a value', (x) => x.replace('introducedBy=""', 'introducedBy'), /not well-formed XML/],
    ['not a Syncthing config', () => '<settings><relaysEnabled>false</relaysEnabled></settings>', /no <configuration> element/],
  ];

  it.each(refusals)('refuses %s', (_label, edit, message) => {
    const bad = edit(edited);
    expect(bad).not.toBe(edited);
    expect(loopbackViolations(bad).join('\n')).toMatch(message);
    expect(() => assertLoopbackOnly(bad)).toThrow(/^Refusing to start Syncthing/);
  });
});

describe('the running-instance check', () => {
  // Abridged from the GET /rest/system/status example in syncthing-rest-api(7) (Debian's
  // syncthing 1.19.2): an instance with relays, a listener on all interfaces, global and local
  // discovery, and dials to LAN and internet addresses.
  const documented: SystemStatus = {
    myID: 'P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2',
    connectionServiceStatus: { 'dynamic+https://relays.syncthing.net/endpoint': { error: null }, 'tcp://0.0.0.0:22000': { error: null } },
    discoveryEnabled: true,
    discoveryMethods: 8,
    discoveryStatus: { 'IPv4 local': { error: null }, 'global@https://discovery-v4-1.syncthing.net/v2/': { error: '500 Internal Server Error' } },
    lastDialStatus: { 'tcp://10.20.30.40': { error: 'i/o timeout' }, 'tcp://83.233.120.221:22000': { error: 'connection refused' } },
  };
  // As the pair's instance A answered on this machine (ports are those of that run).
  const ours: SystemStatus = {
    myID: 'PU5APR2-E5PJ7X5-R7HJQXE-Z2QI3SV-H6T2WLB-GW4C2Y5-HXOFTD4-7WHFJQT',
    connectionServiceStatus: { 'tcp://127.0.0.1:38703': { error: null, lanAddresses: ['tcp://127.0.0.1:38703'], wanAddresses: ['tcp://0.0.0.0:0', 'tcp://127.0.0.1:38703'] } },
    lastDialStatus: { 'tcp://127.0.0.1:34783': { when: '2026-12-03T12:03:24Z', error: null } },
  };
  const peer = 'KRW24ID-DIRMZN4-IM6LHPR-4ZWFC7P-HWMAHEF-PU7NRGF-KZNCT4K-EJEDEAY';
  const connectedVia = (address: string): Connections => ({ connections: { [peer]: { connected: true, paused: false, address, type: 'tcp-client' } } });

  it('finds nothing beyond loopback in the pair’s own instance', () => {
    expect(runningBeyondLoopback(ours, connectedVia('127.0.0.1:34783'))).toEqual([]);
  });

  it('names every listener, discovery method and dial beyond loopback in the documented example', () => {
    expect(runningBeyondLoopback(documented, connectedVia('172.16.33.3:22000'))).toEqual([
      'listener dynamic+https://relays.syncthing.net/endpoint',
      'listener tcp://0.0.0.0:22000',
      'discovery is enabled',
      '8 discovery method(s)',
      'discovery IPv4 local',
      'discovery global@https://discovery-v4-1.syncthing.net/v2/',
      'dialed tcp://10.20.30.40',
      'dialed tcp://83.233.120.221:22000',
      `connection to ${peer} over 172.16.33.3:22000`,
    ]);
  });
});
