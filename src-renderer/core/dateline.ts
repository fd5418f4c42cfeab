// Where and by whom a news text says it was filed, read only from the forms news
// agencies and papers write it in, never guessed from words in the text:
//
//   中新网北京9月12日电（记者 高凯）   新华社上海6月1日电   本报北京6月1日讯
//   （中央社記者林上祚台北12日電）      【明報專訊】          【本報訊】 (no place, no name)

export interface DatelineFacts {
  /** The agency or paper that filed it (中新网, 中央社, 明報), when it names itself. */
  source: string | null;
  /** The place it was filed from (北京, 台北). */
  place: string | null;
  /** Reporters the dateline names: （记者 高凯）, 記者林上祚. */
  reporters: string[];
}

// An optional agency (本报, or a name ending 社 网 报 台), an optional reporter glued on as
// 中央社 writes it (記者林上祚), the place, the day (with or without its month) and 电 / 讯.
// The reporter's name takes as many characters as still leave a place of two or more.
const WIRE_DATELINE =
  /^[【（(［[]?(?:(本[报報])|([\u4e00-\u9fff]{1,8}?(?:社|网|網|报|報|台)))?(?:(?:记者|記者)([\u4e00-\u9fff·]{2,4}))?([\u4e00-\u9fff]{2,4}?)(?:\d{1,2}月)?\d{1,2}日(?:电|電|讯|訊)/;
/** （记者 高凯）, （記者 王大明 李小華）right after the dateline. */
const REPORTERS = /^[（(](?:记者|記者)\s*([\u4e00-\u9fff·]{2,4}(?:[\s、][\u4e00-\u9fff·]{2,4})*)\s*[）)]/;
/** 【明報專訊】, 【星島日報訊】: the paper's own line, with no place. */
const PAPER_LINE = /^【([^【】\s]{2,10}?)(?:專訊|专讯|訊|讯)】/;
const OWN_PAPER = /^本[报報]$/;
/** 北京时间6月1日电 is a time zone, 今年5月1日电价 a date: neither is a place. */
const NOT_A_PLACE = /(?:时间|時間|今年|去年|明年|前年|当年|當年|同年|本月|上月)$/;
/** Without an agency or an opening bracket, a dateline is set off from the story by a bracket or a space. */
const SET_OFF = /^(?:$|[（(【\s])/;

/** The facts a paragraph's opening dateline gives, or null if it opens with none. */
export function readDateline(paragraph: string): DatelineFacts | null {
  const opening = paragraph.slice(0, 60);
  const wire = WIRE_DATELINE.exec(opening);
  const bare = wire !== null && !wire[1] && !wire[2] && !/^[【（(［[]/.test(opening);
  if (wire && !NOT_A_PLACE.test(wire[4]) && !(bare && !SET_OFF.test(opening.slice(wire[0].length)))) {
    const named = REPORTERS.exec(opening.slice(wire[0].length));
    const reporters = wire[3] ? [wire[3]] : named ? named[1].split(/[\s、]+/) : [];
    return { source: wire[2] ?? null, place: wire[4], reporters };
  }
  const paper = PAPER_LINE.exec(opening);
  if (paper) return { source: OWN_PAPER.test(paper[1]) ? null : paper[1], place: null, reporters: [] };
  return null;
}

/** A host name as a source: https://www.hk01.com/… → hk01.com. */
export function urlHost(url: string | null): string | null {
  if (!url) return null;
  try {
    const host = new URL(url).hostname;
    return host ? host.replace(/^www\./, '') : null;
  } catch {
    return null;
  }
}

const PLACE_SUFFIX = /[县縣区區市]$/;
/** An administrative unit named in the text: 安吉县, 吴兴区, 湖州市, 溪龙乡, 天荒坪镇. */
const UNIT_SUFFIX = '[县縣区區市镇鎮乡鄉]';
// Words before 县/区 that are not a place: 该县, 全县, 本区, 城区, 园区 …
const NOT_PLACE = /[该該全本各每一两兩个個的和在与與及为為是城园園景社片小新老开開示发發校主辖轄山]/;

/**
 * The county or district an article is about, when the article itself says so: a title
 * that opens with it (安吉：全域竞掀…) and a text that names it as a county, district,
 * city or township (安吉县); or the county the text names most often (X县, X区), when the
 * title names it too. A two-character run before 县 or 区 alone (行政区, 边缘区) is no
 * evidence.
 */
export function findPlace(title: string | null, text: string): string | null {
  if (!title) return null;
  const prefix = /(?:^|\s)([\u4e00-\u9fff]{2,4})[：:]/.exec(title);
  if (prefix) {
    const name = prefix[1];
    if (name.length > 2 && PLACE_SUFFIX.test(name)) return name.slice(0, -1);
    if (new RegExp(`${name}${UNIT_SUFFIX}`).test(text)) return name;
  }
  for (const suffix of ['[县縣]', '[区區]']) {
    const counts = new Map<string, number>();
    const re = new RegExp(`([\\u4e00-\\u9fff]{2})${suffix}`, 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (NOT_PLACE.test(m[1])) continue;
      counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
    }
    let best: string | null = null;
    let bestCount = 1;
    for (const [k, v] of counts) if (v > bestCount && title.includes(k)) [best, bestCount] = [k, v];
    if (best) return best;
  }
  return null;
}
