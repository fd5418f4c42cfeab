/** OpenCC configuration name → opencc-js Converter options (ConverterBuilder's naming, inverted). */
export const CONVERTER_OPTIONS: Record<string, { from: string; to: string }> = {
  s2t: { from: 'cn', to: 't' },
  s2tw: { from: 'cn', to: 'tw' },
  s2twp: { from: 'cn', to: 'twp' },
  s2hk: { from: 'cn', to: 'hk' },
  s2hkp: { from: 'cn', to: 'hkp' },
  t2s: { from: 't', to: 'cn' },
  tw2s: { from: 'tw', to: 'cn' },
  tw2sp: { from: 'twp', to: 'cn' },
  hk2s: { from: 'hk', to: 'cn' },
  hk2sp: { from: 'hkp', to: 'cn' },
  t2tw: { from: 't', to: 'tw' },
  t2hk: { from: 't', to: 'hk' },
  tw2t: { from: 'tw', to: 't' },
  hk2t: { from: 'hk', to: 't' },
  t2jp: { from: 't', to: 'jp' },
  jp2t: { from: 'jp', to: 't' },
};
