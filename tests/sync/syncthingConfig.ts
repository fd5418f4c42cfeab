// Syncthing's config.xml, edited so that an instance talks to one peer on 127.0.0.1 and to
// nothing else, and a guard that reads a config back and refuses any setting that could send
// traffic beyond loopback.
//
// Element names are those of Syncthing 1.19 (Debian's syncthing 1.19.2): the man page
// syncthing-config(5) shipped with the package, also at
// https://docs.syncthing.net/v1.19.2/users/config.html — `options/listenAddress`,
// `globalAnnounceEnabled`, `localAnnounceEnabled`, `relaysEnabled`, `natEnabled`,
// `stunKeepaliveStartS` ("set it to 0 to disable contacting STUN servers"), `urAccepted`
// ("-1 means no"), `crashReportingEnabled`, `autoUpgradeIntervalH` ("Set to 0 to disable
// automatic upgrades"), `device/address` (`dynamic` or `tcp://host:port`), `gui/address`
// (`127.0.0.1:8384`), and the folder attributes `rescanIntervalS`, `fsWatcherEnabled`,
// `fsWatcherDelayS`.
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/** Elements Syncthing may repeat; parsed as arrays so one and many look alike. */
const REPEATED = new Set(['device', 'folder', 'address', 'listenAddress', 'globalAnnounceServer', 'stunServer', 'alwaysLocalNet', 'featureFlag', 'unackedNotificationID']);

const xmlOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Values stay strings: `-1`, `0` and `false` are compared as Syncthing writes them.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
};

type XmlNode = Record<string, unknown>;

function parse(xml: string): XmlNode {
  const parser = new XMLParser({ ...xmlOptions, isArray: (name: string) => REPEATED.has(name) });
  return parser.parse(xml) as XmlNode;
}

function build(doc: XmlNode): string {
  // Attributes with empty values (introducedBy="") stay written out: Go's XML decoder rejects bare names.
  return new XMLBuilder({ ...xmlOptions, format: true, suppressEmptyNode: false, suppressBooleanAttributes: false }).build(doc) as string;
}

const asNode = (value: unknown): XmlNode | undefined => (value && typeof value === 'object' && !Array.isArray(value) ? (value as XmlNode) : undefined);
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
/** An element's text, whether it was parsed as a bare string or as an object with attributes. */
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof asNode(value)?.['#text'] === 'string' ? (asNode(value)!['#text'] as string) : value === '' ? '' : undefined;

/** The one address form the guard accepts for sync connections: TCP to 127.0.0.1 on an explicit port. */
const LOOPBACK_SYNC_ADDRESS = /^tcp4?:\/\/127\.0\.0\.1:(\d{1,5})$/;
/** The GUI/REST listen address form: 127.0.0.1 and an explicit port, optionally as an http URL. */
const LOOPBACK_GUI_ADDRESS = /^(?:http:\/\/)?127\.0\.0\.1:(\d{1,5})\/?$/;

const validPort = (match: RegExpMatchArray | null): boolean => !!match && Number(match[1]) > 0 && Number(match[1]) < 65536;

/** Options that must hold exactly this value; a missing element counts as Syncthing's default (on). */
const REQUIRED_OPTIONS: ReadonlyArray<readonly [name: string, value: string, why: string]> = [
  ['globalAnnounceEnabled', 'false', 'global discovery announces to and queries servers on the internet'],
  ['localAnnounceEnabled', 'false', 'local discovery broadcasts on the LAN'],
  ['relaysEnabled', 'false', 'relays connect to relay servers on the internet'],
  ['natEnabled', 'false', 'NAT traversal talks UPnP / NAT-PMP to the router'],
  ['stunKeepaliveStartS', '0', 'STUN contacts public STUN servers'],
  ['urAccepted', '-1', 'usage reporting posts to data.syncthing.net'],
  ['crashReportingEnabled', 'false', 'crash reporting posts to crash.syncthing.net'],
  ['autoUpgradeIntervalH', '0', 'automatic upgrades fetch release metadata'],
  ['upgradeToPreReleases', 'false', 'pre-release upgrades fetch release metadata'],
];

/**
 * Every reason `xml` could let Syncthing send traffic beyond 127.0.0.1, one message each; an
 * empty list means the config keeps to loopback. A config that cannot be read is a violation.
 */
export function loopbackViolations(xml: string): string[] {
  // Well-formed by a strict reader first: a document Syncthing would read differently is refused.
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) return [`config.xml is not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`];
  let doc: XmlNode;
  try {
    doc = parse(xml);
  } catch (error) {
    return [`config.xml could not be parsed: ${(error as Error).message}`];
  }
  const config = asNode(doc.configuration);
  if (!config) return ['config.xml has no <configuration> element'];
  const out: string[] = [];

  const options = asNode(config.options);
  if (!options) out.push('no <options> element: Syncthing would use its defaults (discovery, relays, NAT on)');
  else {
    for (const [name, value, why] of REQUIRED_OPTIONS) {
      const actual = text(asList(options[name])[0]);
      if (actual !== value) out.push(`options/${name} is ${actual === undefined ? 'missing' : `"${actual}"`}, must be "${value}": ${why}`);
    }
    const listen = asList(options.listenAddress).map(text);
    if (listen.length === 0) out.push('options/listenAddress is missing: Syncthing would listen on all interfaces');
    for (const address of listen) {
      if (!validPort(address?.match(LOOPBACK_SYNC_ADDRESS) ?? null)) out.push(`options/listenAddress "${address}" is not tcp://127.0.0.1:<port>`);
    }
  }

  const gui = asNode(config.gui);
  if (!gui) out.push('no <gui> element: the GUI/REST API would listen on its default address');
  else {
    const addresses = asList(gui.address).map(text);
    if (addresses.length !== 1) out.push(`gui/address must appear exactly once, found ${addresses.length}`);
    for (const address of addresses) {
      if (!validPort(address?.match(LOOPBACK_GUI_ADDRESS) ?? null)) out.push(`gui/address "${address}" is not 127.0.0.1:<port>`);
    }
  }

  // The template for devices added later counts too: it must not bring `dynamic` back in.
  const devices = [...asList(config.device).map((d) => ['device', d] as const), ...asList(asNode(config.defaults)?.device).map((d) => ['defaults/device', d] as const)];
  for (const [where, raw] of devices) {
    const device = asNode(raw) ?? {};
    const id = (device['@_id'] as string | undefined) || '(template)';
    const addresses = asList(device.address).map(text);
    if (addresses.length === 0) out.push(`${where} ${id} has no address: Syncthing would look it up (dynamic)`);
    for (const address of addresses) {
      if (address === 'dynamic') out.push(`${where} ${id} address is "dynamic": it would be looked up through discovery`);
      else if (!validPort(address?.match(LOOPBACK_SYNC_ADDRESS) ?? null)) out.push(`${where} ${id} address "${address}" is not tcp://127.0.0.1:<port>`);
    }
    // An introducer's peers arrive at runtime with addresses this read-back never saw.
    if (device['@_introducer'] === 'true') out.push(`${where} ${id} is an introducer: it could add devices with any address`);
  }
  return out;
}

/** The guard's refusal: a setting that would let Syncthing reach beyond 127.0.0.1. Never retried. */
export class LoopbackRefusal extends Error {
  override name = 'LoopbackRefusal';
}

/** Throws a LoopbackRefusal, listing every violation, unless `xml` keeps Syncthing on loopback. */
export function assertLoopbackOnly(xml: string, label = 'config.xml'): void {
  const violations = loopbackViolations(xml);
  if (violations.length) {
    throw new LoopbackRefusal(`Refusing to start Syncthing: ${label} would allow traffic beyond 127.0.0.1:\n  - ${violations.join('\n  - ')}`);
  }
}

export interface PeerSpec {
  deviceId: string;
  name: string;
  syncPort: number;
}

export interface LoopbackConfigSpec {
  /** This instance: its name and the ports of its sync listener and GUI/REST API. */
  name: string;
  syncPort: number;
  guiPort: number;
  peer: PeerSpec;
  folder: { id: string; label: string; path: string };
}

/** The device ID `syncthing generate` wrote into its config (the config's only device). */
export function generatedDeviceId(xml: string): string {
  const id = asNode(asList(asNode(parse(xml).configuration)?.device)[0])?.['@_id'];
  if (typeof id !== 'string' || !id) throw new Error('the generated config.xml names no device');
  return id;
}

/** The REST API key from a config's gui/apikey. */
export function apiKeyOf(xml: string): string {
  const key = text(asList(asNode(asNode(parse(xml).configuration)?.gui)?.apikey)[0]);
  if (!key) throw new Error('config.xml has no gui/apikey');
  return key;
}

const loopbackDevice = (id: string, name: string, port: number): XmlNode => ({
  '@_id': id,
  '@_name': name,
  '@_compression': 'metadata',
  '@_introducer': 'false',
  '@_skipIntroductionRemovals': 'false',
  '@_introducedBy': '',
  address: [`tcp://127.0.0.1:${port}`],
  paused: 'false',
  autoAcceptFolders: 'false',
});

/**
 * `generatedXml` (from `syncthing generate`) edited for a two-instance loopback pair: every
 * network service beyond the peer off, listen and GUI on 127.0.0.1, the peer at its explicit
 * address, and the library folder shared with it, scanned quickly.
 */
export function loopbackConfig(generatedXml: string, spec: LoopbackConfigSpec): string {
  const doc = parse(generatedXml);
  const config = asNode(doc.configuration);
  if (!config) throw new Error('not a Syncthing config.xml: no <configuration>');
  const selfId = generatedDeviceId(generatedXml);

  const options = asNode(config.options) ?? {};
  Object.assign(options, {
    listenAddress: [`tcp://127.0.0.1:${spec.syncPort}`],
    globalAnnounceEnabled: 'false',
    localAnnounceEnabled: 'false',
    relaysEnabled: 'false',
    natEnabled: 'false',
    stunKeepaliveStartS: '0',
    urAccepted: '-1',
    crashReportingEnabled: 'false',
    autoUpgradeIntervalH: '0',
    upgradeToPreReleases: 'false',
    startBrowser: 'false',
    // Redial right after the link is resumed instead of after Syncthing's long default interval.
    reconnectionIntervalS: '1',
    // Syncthing would renice itself; on a shared CI machine that only makes waits longer.
    setLowPriority: 'false',
  });
  config.options = options;

  const gui = asNode(config.gui) ?? {};
  gui.address = [`127.0.0.1:${spec.guiPort}`];
  config.gui = gui;

  config.device = [loopbackDevice(selfId, spec.name, spec.syncPort), loopbackDevice(spec.peer.deviceId, spec.peer.name, spec.peer.syncPort)];
  const defaults = asNode(config.defaults);
  const template = asNode(asList(defaults?.device)[0]);
  // The template would give a device added later `dynamic`; give it the peer's address instead.
  if (template) template.address = [`tcp://127.0.0.1:${spec.peer.syncPort}`];

  // The folder starts from Syncthing's own template (defaults/folder), so everything not set
  // here keeps Syncthing's default — notably maxConflicts (10): absent, it would read as 0, and
  // Syncthing would keep no conflict copies at all.
  const folderTemplate = asNode(asList(defaults?.folder)[0]);
  if (!folderTemplate) throw new Error('the generated config.xml has no defaults/folder template');
  config.folder = [
    {
      ...structuredClone(folderTemplate),
      '@_id': spec.folder.id,
      '@_label': spec.folder.label,
      '@_path': spec.folder.path,
      '@_type': 'sendreceive',
      // The watcher batches changes only briefly; the tests also ask for scans through REST.
      '@_rescanIntervalS': '60',
      '@_fsWatcherEnabled': 'true',
      '@_fsWatcherDelayS': '1',
      device: [
        { '@_id': selfId, '@_introducedBy': '', encryptionPassword: '' },
        { '@_id': spec.peer.deviceId, '@_introducedBy': '', encryptionPassword: '' },
      ],
      maxConflicts: '10',
      markerName: '.stfolder',
    },
  ];
  return build(doc);
}
