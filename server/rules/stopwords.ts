/**
 * Little words that carry no meaning alone. In a manager's phrase they may be
 * missing from what staff typed ("forgot order" still meets "forgot to order",
 * as a gap) and they weigh little; typed alone they never trigger a rule.
 */
export const STOPWORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'to', 'of', 'for', 'in', 'on', 'at', 'by', 'from', 'with', 'into', 'onto',
  'my', 'our', 'your', 'his', 'her', 'their', 'its', 'it', 'this', 'that', 'these', 'those',
  'i', 'we', 'you', 'he', 'she', 'they', 'me', 'us', 'him', 'them',
  'is', 'was', 'were', 'are', 'be', 'been', 'being', 'am', 'has', 'have', 'had', 'do', 'did', 'does',
  'and', 'just', 'very', 'really',
]);
