import { CATALOGUES, format, type MessageKey, type UiLanguage } from './messages.ts';

/** The current UI language and `t()`; components read it, so a language switch re-renders them. */
export class I18n {
  lang = $state<UiLanguage>('zh-Hans');

  /** BCP 47 tag for the `lang` attribute of UI chrome. */
  readonly htmlLang = $derived(this.lang === 'en' ? 'en' : this.lang);

  t = (key: MessageKey, params?: Record<string, string | number>): string => format(CATALOGUES[this.lang][key], params);
}
