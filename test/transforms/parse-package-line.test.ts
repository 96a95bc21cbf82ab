import { describe, expect, it } from 'vitest';
import { parsePackageCell, parsePackageLine, serviceNamed } from '../../transforms/parse-package-line.ts';

/** [service, session number, package total] per session, the way SOURCES.md §4 reads each line. */
type Expected = [string, number | null, number | null][];

const sessionsOf = (line: string): Expected => parsePackageLine(line).sessions.map((s) => [s.service, s.sessionNumber, s.packageTotal]);

describe('parsePackageLine', () => {
  it.each<[string, Expected]>([
    // later sheets: one line per service, `<서비스> <session numbers>/<package total>`
    ['레드 21.22/100', [['레드', 21, 100], ['레드', 22, 100]]],
    ['브레인3/10', [['브레인', 3, 10]]],
    ['펄스 4,5,6/20', [['펄스', 4, 20], ['펄스', 5, 20], ['펄스', 6, 20]]],
    ['펄스 4, 5/20', [['펄스', 4, 20], ['펄스', 5, 20]]],
    ['림프 7/30', [['림프', 7, 30]]],
    ['레드 3-5/30', [['레드', 3, 30], ['레드', 4, 30], ['레드', 5, 30]]],
    ['레드&바이브 3/20', [['레드&바이브', 3, 20]]],
    ['인바디', [['인바디', null, null]]],
    // the bike, four spellings
    ['AIBIKE 2/10', [['AI바이크', 2, 10]]],
    ['AI바이크 1/10', [['AI바이크', 1, 10]]],
    ['aibike 5/10', [['AI바이크', 5, 10]]],
    ['바이크 3/10', [['AI바이크', 3, 10]]],
    // early sheets: full programme names, comma-separated
    ['레드라이트, 바이오펄스(20분), 림프밸런스', [['레드', null, null], ['펄스', null, null], ['림프', null, null]]],
    ['브레인피드백,하트매스', [['브레인', null, null], ['하트매스', null, null]]],
    ['브레인피드백 3회차', [['브레인', 3, null]]],
    ['AI BIKE(2세션)', [['AI바이크', null, null], ['AI바이크', null, null]]],
    ['인바디, 레드&바이브, 웜업', [['인바디', null, null], ['레드&바이브', null, null], ['웜업', null, null]]],
    // a standalone `3회차` belongs to no one programme
    ['레드라이트, 바이오펄스(30분), 3회차', [['레드', null, null], ['펄스', null, null]]],
    // a trial of several services, one pulse session twice
    ['첫체험(레드,림프,펄스X2)', [['레드', null, null], ['림프', null, null], ['펄스', null, null], ['펄스', null, null]]],
    // `AD n/m`: nobody knows what AD is; kept as an unknown service with its code
    ['AD 3/10', [['unknown', 3, 10]]],
    ['노쇼', [['unknown', null, null]]],
  ])('%j → %j', (line, expected) => {
    expect(sessionsOf(line)).toEqual(expected);
  });

  // Typed with the Korean IME or pasted: read folded, the line kept as written.
  it.each<[string, Expected]>([
    ['레드 ２１.２２/１００', [['레드', 21, 100], ['레드', 22, 100]]],
    ['펄스 ４，５，６／２０', [['펄스', 4, 20], ['펄스', 5, 20], ['펄스', 6, 20]]],
    ['레드 3–5/30', [['레드', 3, 30], ['레드', 4, 30], ['레드', 5, 30]]], // en dash
    ['레드 3～5/30', [['레드', 3, 30], ['레드', 4, 30], ['레드', 5, 30]]], // full-width tilde
    ['ＡＩＢＩＫＥ 2/10', [['AI바이크', 2, 10]]],
    ['레드＆바이브 3/20', [['레드&바이브', 3, 20]]],
    ['브레인\u00a03/10', [['브레인', 3, 10]]],
    ['ＡＤ 3/10', [['unknown', 3, 10]]],
  ])('full-width and look-alike forms: %j → %j', (line, expected) => {
    expect(sessionsOf(line)).toEqual(expected);
    expect(parsePackageLine(line).text).toBe(line.replace(/\u00a0/g, ' '));
  });

  it('reads ＳＶ and （펄스 횟수로 차감） like their ASCII forms', () => {
    expect(parsePackageLine('레드 5/10 ＳＶ').complimentary).toBe(true);
    expect(parsePackageLine('림프 2/10 （펄스 횟수로 차감）').countedAs).toBe('펄스');
  });

  it.each([
    ['레드 5/10 sv', { complimentary: true, trial: false, noShow: false }],
    ['SV 펄스 2/20', { complimentary: true, trial: false, noShow: false }],
    ['서비스 레드', { complimentary: true, trial: false, noShow: false }],
    ['체험 레드', { complimentary: false, trial: true, noShow: false }],
    ['첫체험(레드,림프,펄스X2)', { complimentary: false, trial: true, noShow: false }],
    ['노쇼', { complimentary: false, trial: false, noShow: true }],
    ['레드 4/10 노쇼', { complimentary: false, trial: false, noShow: true }],
    ['레드 21.22/100', { complimentary: false, trial: false, noShow: false }],
  ])('reads the markers of %j', (line, flags) => {
    expect(parsePackageLine(line)).toMatchObject(flags);
  });

  it('reads no marker as a service or a code', () => {
    expect(sessionsOf('레드 5/10 sv')).toEqual([['레드', 5, 10]]);
    expect(sessionsOf('서비스 레드')).toEqual([['레드', null, null]]);
    expect(sessionsOf('SV 펄스 2/20')).toEqual([['펄스', 2, 20]]);
  });

  it('keeps which package a session was counted against: `(펄스 횟수로 차감)`', () => {
    const line = parsePackageLine('림프 3/10 (펄스 횟수로 차감)');
    expect(line.countedAs).toBe('펄스');
    expect(line.sessions).toEqual([{ service: '림프', code: null, sessionNumber: 3, packageTotal: 10, durationMinutes: null }]);
  });

  it('keeps the unknown code as written and the minutes of `바이오펄스(20분)`', () => {
    expect(parsePackageLine('AD 3/10').sessions[0]).toMatchObject({ service: 'unknown', code: 'AD' });
    expect(parsePackageLine('바이오펄스(20분)').sessions[0]).toMatchObject({ service: '펄스', durationMinutes: 20 });
  });

  it('does not read a package size (`레드 10회`) as a session number', () => {
    expect(sessionsOf('레드 10회')).toEqual([['레드', null, null]]);
  });

  it('keeps the line as written', () => {
    expect(parsePackageLine(' 레드  21.22/100 ').text).toBe('레드 21.22/100');
  });
});

describe('parsePackageCell', () => {
  it('parses one line per service and drops blank lines', () => {
    const lines = parsePackageCell('레드 21.22/100\n\n브레인3/10\r\n펄스 4,5,6/20\n');
    expect(lines.map((l) => l.text)).toEqual(['레드 21.22/100', '브레인3/10', '펄스 4,5,6/20']);
    expect(lines.flatMap((l) => l.sessions)).toHaveLength(6);
  });

  it('gives nothing for a blank cell', () => {
    expect(parsePackageCell(undefined)).toEqual([]);
    expect(parsePackageCell('  \n ')).toEqual([]);
  });
});

describe('serviceNamed', () => {
  it.each([
    ['펄스', '펄스'],
    ['바이오펄스', '펄스'],
    ['브레인피드백', '브레인'],
    ['림프밸런스', '림프'],
    ['레드라이트', '레드'],
    ['AI BIKE', 'AI바이크'],
    ['레드&바이브', '레드&바이브'],
    ['요가', null],
  ])('%j is %j', (name, service) => {
    expect(serviceNamed(name)).toBe(service);
  });
});
