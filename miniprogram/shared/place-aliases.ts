/**
 * Names people still use for a city that the official list (国家统计局区划代码) no longer has, so
 * city search finds them: former names of prefecture-level cities whose old name is not a district
 * today (a district keeps it searchable through the county list: 思茅区, 浑江区), and the short
 * forms people say (哈市). [name, the city's 6-digit code, why]. Shared by the mini-program's
 * offline search and the cities function.
 */
export const PLACE_ALIASES: readonly (readonly [alias: string, code: string, why: string])[] = [
  ['襄樊', '420600', '2010年更名为襄阳市'],
  ['荆沙', '421000', '1996年更名为荆州市'],
  ['大庸', '430800', '1994年更名为张家界市'],
  ['锦西', '211400', '1994年更名为葫芦岛市'],
  ['渡口', '510400', '1987年更名为攀枝花市'],
  ['哈市', '230100', '哈尔滨市的简称'],
  ['齐市', '230200', '齐齐哈尔市的简称'],
  ['呼市', '150100', '呼和浩特市的简称'],
  ['乌市', '650100', '乌鲁木齐市的简称'],
];
