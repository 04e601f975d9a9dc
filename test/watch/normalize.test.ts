/** Folding page and quote text so that only a change of wording counts as a change. */
import { fold, htmlToText, PageText } from '../../cloudfunctions/common/watch/normalize';

describe('fold', () => {
  it('makes full-width and half-width forms, spaces and punctuation variants the same', () => {
    expect(fold('备案有效期不少于６个月，（含）：１２３')).toBe(fold('备案有效期不少于 6 个月,(含):123'));
    expect(fold('“鞍山医保”微信公众号；')).toBe(fold('"鞍山医保"微信公众号;'));
  });

  it('reads compatibility characters as the ideographs they stand for (执⾏ with the Kangxi radical ⾏)', () => {
    expect(fold('按照我市就医待遇标准执⾏')).toBe(fold('按照我市就医待遇标准执行'));
  });

  it('drops pinyin glosses, with or without tone marks, but keeps words in brackets', () => {
    expect(fold('报(bào)销')).toBe('报销');
    expect(fold('垫（dian4）付')).toBe('垫付');
    expect(fold('国家医保服务平台APP(跨省备案)')).toBe('国家医保服务平台APP跨省备案');
  });
});

describe('htmlToText', () => {
  it('keeps the visible text: tags, scripts, styles and comments go, entities are decoded', () => {
    const text = htmlToText(
      '<head><title>标题</title></head><script>var x="不是正文"</script><style>p{}</style><!-- 注释 --><p>市外就医&ldquo;预审核&rdquo;&nbsp;<span>6</span>个月&amp;</p>',
    );
    expect(fold(text)).toBe(fold('市外就医“预审核” 6个月&'));
  });
});

describe('PageText', () => {
  const page = PageText.fromHtml(
    '<p>如居住证有效期不足<b>６</b>个月，其备案有效期为６个月内；如居住证上无截止日期的，以最新签注日期起算，其备案有效期原则上不超过１２个月；</p>',
  );

  it('finds a quote split by tags and written with other punctuation', () => {
    expect(page.has('如居住证有效期不足6个月,其备案有效期为6个月内;')).toBe(true);
  });

  it('finds a quote that leaves text out with …, only with its parts in order', () => {
    expect(page.has('如居住证上无截止日期的,…其备案有效期原则上不超过12个月;')).toBe(true);
    expect(page.has('其备案有效期原则上不超过12个月;…如居住证上无截止日期的,')).toBe(false);
  });

  it('does not find a sentence whose figure changed', () => {
    expect(page.has('其备案有效期原则上不超过6个月;')).toBe(false);
    expect(page.missing({ a: '其备案有效期为6个月内', b: '其备案有效期为3个月内' })).toEqual(['b']);
  });

  it('finds a simplified quote on a page the site converted to traditional characters, glosses and all', () => {
    const traditional = PageText.fromHtml(
      '<p>異地就醫未直接結算的醫療費用，由本人先行墊(diàn)付後，回參保地申請報(bào)銷。</p>',
    );
    expect(traditional.has('异地就医未直接结算的医疗费用,由本人先行垫付后,回参保地申请报销。')).toBe(true);
    expect(traditional.has('异地就医未直接结算的医疗费用,由单位先行垫付后')).toBe(false);
  });

  it('keeps a quote recorded in traditional characters matching its traditional page', () => {
    expect(PageText.fromHtml('<p>報銷比例為８０％</p>').has('報銷比例為80%')).toBe(true);
  });
});
