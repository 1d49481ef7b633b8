// Passwords and password pieces common among Chinese users, which the English and common
// dictionaries of zxcvbn-ts miss (they score "woaini1314" as strong). Ours: compiled from the top
// of the password lists published after the CSDN (2011) and 12306 (2014) leaks, the most common
// pinyin surnames and given names, and the love and luck numbers people build passwords from.
// Most common first: zxcvbn ranks a match by its place in the list.
export const COMMON_PASSWORDS_ZH = [
  "123456789", "12345678", "11111111", "dearbook", "00000000", "123123123", "1234567890", "88888888",
  "111111111", "147258369", "987654321", "aaaaaaaa", "1111111111", "66666666", "a123456789", "11223344",
  "1qaz2wsx", "xiazhili", "789456123", "password", "87654321", "qqqqqqqq", "000000000", "qwertyuiop",
  "qq123456", "iloveyou", "31415926", "12344321", "0000000000", "asdfghjkl", "1q2w3e4r", "123456abc",
  "0123456789", "123654789", "12121212", "qazwsxedc", "abcd1234", "12341234", "110110110", "asdasdasd",
  "123456", "a123456", "123456a", "5201314", "woaini1314", "woaini520", "woaini", "aini1314", "5211314",
  "1314520", "520520", "1314521", "woaiwojia", "woainima", "wodemima", "mima", "nihao", "nihao123",
  "baobei", "baobei520", "laopo", "laogong", "laopo520", "xiaobao", "tiantian", "xiaoming", "xiaohong",
  "zhongguo", "beijing", "shanghai", "aa123456", "abc123456", "qq5201314", "wangyu", "zhangwei",
  "wangwei", "wangfang", "liwei", "lijing", "zhangmin", "wangjing", "liuwei", "zhangli", "wangxiuying",
  "lixiuying", "zhangxiuying", "wanglei", "liuyang", "wang", "zhang", "li", "liu", "chen", "yang",
  "huang", "zhao", "zhou", "wu", "xu", "sun", "hu", "zhu", "gao", "lin", "he", "guo", "ma", "luo",
  "liang", "song", "zheng", "xie", "han", "tang", "feng", "yu", "dong", "xiao", "cheng", "cao", "yuan",
  "deng", "fu", "shen", "zeng", "peng", "lv", "su", "lu", "jiang", "cai", "jia", "ding", "wei", "xue",
  "ye", "yan", "pan", "du", "dai", "xia", "zhong", "tian", "ren", "jiang", "fan", "fang", "shi", "yao",
  "tan", "liao", "zou", "xiong", "jin", "hao", "kong", "bai", "cui", "kang", "mao", "qiu", "qin",
  "wei", "jing", "min", "jun", "yong", "jie", "tao", "ming", "chao", "xiuying", "fang", "na", "yan",
  "hong", "ping", "gang", "hui", "hua", "xia", "qiang", "lei", "juan", "bin", "ting", "yu", "xin",
  "8888", "6666", "168", "1688", "518", "520", "1314", "521", "888", "666", "147258", "159357",
  "shumiao", "sapling", "mayisenlin", "antforest", "shaji", "suoluo", "zhiwu", "shu", "senlin",
];
