/*
 * The field-knowledge stage of extraction (src/extract/verify.c) on
 * hand-made OCR lines with the corruptions Tesseract makes on cards: each
 * card is extracted with the stage on and off, and the test checks the
 * right answer with it on (a misread town corrected by the postal code, a
 * look-alike in the name corrected by the printed reading, a company
 * corrected by the email domain) and, where the card's fields disagree,
 * that the stage lowered the confidence and flagged the field for review.
 */
#include <stdlib.h>
#include <string.h>

#include "meishi/contact.h"
#include "meishi/text.h"
#include "t.h"

static ms_extractor *X;

/* One OCR line: text, the alternative reading (or NULL) and its box. */
struct tl {
	const char *text, *alt;
	int x, y, w, h;
};

/* Field key (or "review.KEY", "source") and the value wanted. */
struct want {
	const char *key, *val;
};

#define MAXL 12
#define MAXW 10

struct vcase {
	const char *name;
	struct tl lines[MAXL];
	struct want want[MAXW];
	/* Field whose confidence the stage must lower and flag, or NULL. */
	const char *doubt;
};

static const struct vcase cases[] = {
	{"postal code corrects a misread town",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"〒060-0001", NULL, 50, 480, 200, 22},
	  {"北海道札幌市中央区北一休西3-2", NULL, 50, 510, 500, 22}},
	 {{"postal_code", "060-0001"},
	  {"address", "北海道札幌市中央区北一条西3-2"}},
	 NULL},
	{"printed reading corrects a look-alike in the name",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"やまだ たろう", NULL, 300, 170, 200, 20},
	  {"山田 太部", NULL, 300, 200, 300, 70},
	  {"TEL 03-1234-5678", NULL, 50, 500, 400, 22}},
	 {{"name", "山田 太郎"},
	  {"family_name", "山田"},
	  {"given_name", "太郎"},
	  {"name_reading", "やまだ たろう"}},
	 NULL},
	{"the romanised name and the email choose 遥, read as 道",
	 {{"株式会社ソラ・コンサルティング", NULL, 50, 40, 500, 40},
	  {"小山 道", NULL, 70, 206, 258, 76},
	  {"KOYAMA Haruka", NULL, 66, 291, 223, 20},
	  {"koyama.haruka@sora-consulting.jp", NULL, 50, 520, 400, 22}},
	 {{"name", "小山 遥"}, {"given_name", "遥"}, {"review.name", "1"}},
	 NULL},
	{"the printed reading chooses 和也, read as 和世",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"なかがわ かずや", NULL, 300, 170, 200, 20},
	  {"中川 和世", NULL, 300, 200, 300, 70},
	  {"TEL 03-1234-5678", NULL, 50, 500, 400, 22}},
	 {{"name", "中川 和也"}, {"name_reading", "なかがわ かずや"}},
	 NULL},
	{"with no evidence 和世 stays",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"中川 和世", NULL, 300, 200, 300, 70},
	  {"TEL 03-1234-5678", NULL, 50, 500, 400, 22}},
	 {{"name", "中川 和世"}},
	 NULL},
	{"no evidence: the name is kept as read",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"山田 太部", NULL, 300, 200, 300, 70},
	  {"TEL 03-1234-5678", NULL, 50, 500, 400, 22}},
	 {{"name", "山田 太部"}},
	 NULL},
	{"the alternative reading of the name line matches the email",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"和田 和志", "和田 和也", 300, 200, 300, 70},
	  {"Kazuya Wada", NULL, 300, 280, 200, 20},
	  {"kazuya.wada@test-shoji.co.jp", NULL, 50, 520, 400, 22}},
	 {{"name", "和田 和也"}, {"given_name", "和也"}},
	 NULL},
	{"a reading the base passes turned down puts back a lost kanji",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"こんどう たけし", NULL, 300, 170, 200, 20},
	  {"近 ZS 武", NULL, 300, 200, 300, 70},
	  {"kondo.takeshi@test-shoji.co.jp", NULL, 50, 520, 400, 22}},
	 {{"name", "近藤 武"},
	  {"family_name", "近藤"},
	  {"given_name", "武"},
	  {"name_reading", "こんどう たけし"},
	  {"source", "printed"},
	  {"review.name", "1"}},
	 NULL},
	{"only the family name legible: the given name is not made up",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"ばば ともこ", NULL, 300, 170, 200, 20},
	  {"馬場 BF", "馬場 OFT", 300, 200, 300, 70},
	  {"TEL 03-1234-5678", NULL, 50, 500, 400, 22}},
	 {{"name", "馬場"},
	  {"family_name", "馬場"},
	  {"given_name", ""},
	  {"name_reading", "ばば ともこ"},
	  {"review.given_name", "1"}},
	 NULL},
	{"only the given name legible: it is not taken for a family name",
	 {{"テクノブリッジ株式会社", NULL, 50, 40, 500, 40},
	  {"涼子", NULL, 300, 200, 300, 70},
	  {"はやし りょうこ", NULL, 300, 280, 200, 20},
	  {"TEL 03-1234-5678", NULL, 50, 500, 400, 22}},
	 {{"name", "涼子"},
	  {"family_name", ""},
	  {"given_name", "涼子"},
	  {"name_reading", "はやし りょうこ"}},
	 NULL},
	{"the other reading of the name line kept the family name",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"おおはし せつこ", NULL, 300, 170, 200, 20},
	  {"Ate 節子", "大橋 節子", 300, 200, 300, 70},
	  {"TEL 03-1234-5678", NULL, 50, 500, 400, 22}},
	 {{"name", "大橋 節子"}, {"family_name", "大橋"}, {"given_name", "節子"}},
	 NULL},
	{"another reading kept the whole given name the best one lost",
	 {{"一般社団法人アークライト", NULL, 50, 40, 500, 40},
	  {"みずの まゆみ", NULL, 300, 170, 200, 20},
	  {"水野 BAS", "水野 真由美", 300, 200, 300, 70},
	  {"Mayumi MIZUNO", NULL, 300, 290, 300, 26}},
	 {{"name", "水野 真由美"},
	  {"family_name", "水野"},
	  {"given_name", "真由美"}},
	 NULL},
	{"another reading with the given name a speck replaced",
	 {{"一般社団法人未来創研", NULL, 348, 69, 500, 38},
	  {"事業開発部", NULL, 486, 129, 300, 25},
	  {"かわかみ ゆうた", NULL, 474, 175, 200, 19},
	  {"川上 A", "川上 裕太", 379, 206, 300, 58},
	  {"Yuta Kawakami", NULL, 458, 271, 300, 20},
	  {"kawakami.yuta@mirai-soken.or.jp", NULL, 50, 540, 400, 22}},
	 {{"name", "川上 裕太"}, {"given_name", "裕太"}},
	 NULL},
	{"a longer other reading the card does not back is not taken",
	 {{"一般社団法人アークライト", NULL, 50, 40, 500, 40},
	  {"水野 BAS", "水野 真由美", 300, 200, 300, 70},
	  {"TEL 03-1234-5678", NULL, 50, 500, 400, 22}},
	 {{"name", "水野"}, {"given_name", ""}},
	 NULL},
	{"each reading of the name line kept one half",
	 {{"日本データサービス株式会社", NULL, 50, 40, 500, 40},
	  {"_ 藤原 RAE", "Rel 美穂", 300, 200, 300, 70},
	  {"ふじわら みほ", NULL, 300, 280, 200, 20},
	  {"fujiwaram@nds.co.jp", NULL, 50, 540, 400, 22}},
	 {{"name", "藤原 美穂"},
	  {"family_name", "藤原"},
	  {"given_name", "美穂"},
	  {"name_reading", "ふじわら みほ"}},
	 NULL},
	{"the family name lost: the reading is kept, the one kanji left is "
	 "the half it names",
	 {{"事業開発部 課長代理", NULL, 65, 61, 400, 52},
	  {"修", NULL, 293, 100, 80, 69},
	  {"きくち おさむ", NULL, 64, 171, 200, 21},
	  {"桜井総合研究所株式会社", NULL, 534, 397, 500, 43},
	  {"E-mail: o.kikuchi@sakurai-ri.jp", NULL, 63, 573, 400, 25}},
	 {{"name_reading", "きくち おさむ"},
	  {"source", "printed"},
	  {"given_name", "修"},
	  {"family_name", ""},
	  {"review.name_reading", "1"}},
	 NULL},
	{"the family name lost to specks: the one kanji left is the half the "
	 "reading names",
	 {{"株式会社瑞穂リサーチ", NULL, 570, 88, 500, 41},
	  {"総務部 課長代理", NULL, 803, 164, 300, 25},
	  {"くろだ ただし", NULL, 867, 208, 200, 20},
	  {"aA 正", "mA 正", 761, 240, 300, 55},
	  {"Tel. 044-380-3536", NULL, 789, 511, 300, 22}},
	 {{"name_reading", "くろだ ただし"},
	  {"given_name", "正"},
	  {"family_name", ""}},
	 NULL},
	{"the name unread: a kana line that is no name's reading is not one",
	 {{"株式会社ひまわり", NULL, 50, 40, 500, 40},
	  {"おもてなし サービス", NULL, 64, 171, 200, 21},
	  {"TEL 03-1234-5678", NULL, 50, 500, 400, 22}},
	 {{"name_reading", ""}},
	 NULL},
	{"a reading cut after one half is not taken for the whole",
	 {{"グリーンフィールド株式会社", NULL, 640, 336, 500, 31},
	  {"第一営業部", NULL, 68, 67, 200, 24},
	  {"おおつか HAT", "おおつか かえで", 67, 138, 200, 19},
	  {"大塚 楓", NULL, 72, 169, 300, 86}},
	 {{"name", "大塚 楓"}, {"name_reading", "おおつか かえで"}},
	 NULL},
	{"a printed reading one kana off the name's",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"高田修", NULL, 300, 200, 300, 70},
	  {"たかだ おきむ", NULL, 300, 280, 200, 20},
	  {"TEL 03-1234-5678", NULL, 50, 500, 400, 22}},
	 {{"name", "高田 修"},
	  {"name_reading", "たかだ おさむ"},
	  {"review.name_reading", "1"}},
	 "name_reading"},
	{"the romanised name finds the kanji name in another reading",
	 {{"有限会社シンワ建設", NULL, 50, 40, 500, 40},
	  {"ーこ", "宮崎 琴音", 300, 120, 300, 70},
	  {"Kotone Miyazaki", NULL, 300, 200, 300, 30},
	  {"東京都渋谷区道玄坂2-6-12", NULL, 50, 510, 500, 22},
	  {"miyazaki@shinwa-kensetsu.co.jp", NULL, 50, 540, 400, 22}},
	 {{"name", "宮崎 琴音"},
	  {"family_name", "宮崎"},
	  {"given_name", "琴音"},
	  {"name_latin", "Kotone Miyazaki"}},
	 NULL},
	{"a katakana read twice in the company, no domain to ask",
	 {{"富士ソリリューションズ株式会社", NULL, 50, 40, 500, 40},
	  {"加藤 京子", NULL, 300, 200, 300, 70}},
	 {{"company", "富士ソリューションズ株式会社"},
	  {"review.company", "1"}},
	 NULL},
	{"email domain drops a katakana the OCR added to the company",
	 {{"テクノブリッツジ株式会社", NULL, 50, 40, 500, 40},
	  {"上田 秀樹", NULL, 300, 200, 300, 70},
	  {"E-mail ueda@technobridge.co.jp", NULL, 50, 540, 400, 22}},
	 {{"company", "テクノブリッジ株式会社"}, {"review.company", "1"}},
	 NULL},
	{"a speck in the department line is the other reading's department",
	 {{"有限会社ミナトロジスティクス", NULL, 278, 128, 500, 56},
	  {"製造部 EM プロジェクトマネージャー |",
	   "製造部 生産管理課 ブロジェクトマネージャー |", 277, 182, 600, 34},
	  {"田辺 圭介", NULL, 409, 239, 300, 60},
	  {"たなべ けいすけ", NULL, 466, 302, 200, 20}},
	 {{"department", "製造部 生産管理課"},
	  {"title", "プロジェクトマネージャー"}},
	 NULL},
	{"a doubled katakana that is part of the name stays",
	 {{"株式会社ココテクノロジー", NULL, 50, 40, 500, 40},
	  {"加藤 京子", NULL, 300, 200, 300, 70}},
	 {{"company", "株式会社ココテクノロジー"}},
	 NULL},
	{"email domain mends a hiragana in a company split by spaces",
	 {{"み らし 設計株 式会社", NULL, 50, 40, 500, 40},
	  {"中村 博之", NULL, 300, 200, 300, 70},
	  {"nakamura@mirai-sekkei.com", NULL, 50, 520, 400, 22}},
	 {{"company", "みらい設計株式会社"}, {"review.company", "1"}},
	 NULL},
	{"a romanised name read without its space",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"前田 純子", NULL, 300, 200, 300, 70},
	  {"まえだ じゅんこ", NULL, 300, 280, 200, 20},
	  {"MAEDAJUNKO", NULL, 300, 310, 200, 20}},
	 {{"name_latin", "MAEDA JUNKO"}},
	 NULL},
	{"one Latin word that is not the name is not name_latin",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"前田 純子", NULL, 300, 200, 300, 70},
	  {"まえだ じゅんこ", NULL, 300, 280, 200, 20},
	  {"MAEDAKOGYO", NULL, 300, 310, 200, 20}},
	 {{"name_latin", ""}},
	 NULL},
	{"one name legible, the reading's space misplaced by the base passes",
	 {{"アークライト株式会社", NULL, 50, 40, 500, 40},
	  {"本田", NULL, 300, 200, 300, 70},
	  {"ほんだ たろう", NULL, 300, 280, 200, 20},
	  {"thonda@arclight.com", NULL, 50, 520, 400, 22}},
	 {{"name", "本田"},
	  {"family_name", "本田"},
	  {"given_name", ""},
	  {"name_reading", "ほんだ たろう"}},
	 NULL},
	{"email domain corrects the company",
	 {{"サクラシスデムズ株式会社", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"taro@sakura-systems.co.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "サクラシステムズ株式会社"}},
	 NULL},
	{"a domain's short word spelt out: a kana read twice goes",
	 /* tsubasa-ad: ad stands for 広告 (models/domain-abbrev-ja.tsv) */
	 {{"株式会社ツソバサ広告", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"hattori-k@tsubasa-ad.co.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "株式会社ツバサ広告"}, {"review.company", "1"}},
	 NULL},
	{"a kana read that is not printed, far from the domain's reading",
	 /* 白樺 reads shirakanba, the label says shirakaba */
	 {{"株式会社白樺ホトールディングス", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"misaki@shirakaba-hd.co.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "株式会社白樺ホールディングス"}},
	 NULL},
	{"a company the domain abbreviates is left as read",
	 {{"株式会社ツバサ広告", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"hattori-k@tsubasa-ad.co.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "株式会社ツバサ広告"}, {"review.company", "0"}},
	 NULL},
	{"the other reading the domain picks loses its specks",
	 {{"有限会社ブプルーオーシャン", "有限会社ブルーオーシャン all", 50,
	   40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"yamada@blue-ocean.co.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "有限会社ブルーオーシャン"}},
	 NULL},
	{"email domain picks the company line's other reading",
	 {{"サクラシスデムズ株式会社", "サクラシステムズ株式会社", 50, 40,
	   500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"taro@sakura-systems.co.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "サクラシステムズ株式会社"}},
	 NULL},
	{"postal code disagrees with the address",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"〒060-0001", NULL, 50, 480, 200, 22},
	  {"東京都千代田区丸の内1-1-1", NULL, 50, 510, 500, 22}},
	 {{"postal_code", "060-0001"},
	  {"address", "東京都千代田区丸の内1-1-1"},
	  {"review.address", "1"},
	  {"review.postal_code", "1"}},
	 "address"},
	{"a misread postal code is replaced by the address's",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"〒151-0058", NULL, 50, 480, 200, 22},
	  {"東京都渋谷区代々木4-26-7", NULL, 50, 510, 500, 22}},
	 {{"postal_code", "151-0053"},
	  {"address", "東京都渋谷区代々木4-26-7"},
	  {"review.postal_code", "1"}},
	 NULL},
	{"a missing postal code is proposed from the address",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"東京都渋谷区代々木4-26-7", NULL, 50, 510, 500, 22}},
	 {{"postal_code", "151-0053"}, {"review.postal_code", "1"}},
	 NULL},
	{"no reading printed: one is derived",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70}},
	 {{"name", "山田 太郎"},
	  {"name_reading", "やまだ たろう"},
	  {"source", "derived"},
	  {"review.name_reading", "1"}},
	 NULL},
	{"a speck before the legal form is not part of the company",
	 {{"依株式会社アオバテクノロジー", NULL, 50, 40, 500, 40},
	  {"前田 花子", NULL, 300, 200, 300, 70},
	  {"maeda-h@aoba-tech.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "株式会社アオバテクノロジー"},
	  {"review.company", "1"}},
	 NULL},
	{"domain mends a katakana misread outside the look-alike table",
	 {{"有限会社ウラ・コンサルティング", NULL, 50, 40, 500, 40},
	  {"前田 花子", NULL, 300, 200, 300, 70},
	  {"https://www.sora-consulting.com", NULL, 50, 520, 400, 22}},
	 {{"company", "有限会社ソラ・コンサルティング"}},
	 NULL},
	{"the domain's word break shows the ・ read as a long-vowel mark",
	 {{"有限会社ソラーコンサルティング", NULL, 50, 40, 500, 40},
	  {"前田 花子", NULL, 300, 200, 300, 70},
	  {"sakuraih@sora-consulting.co.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "有限会社ソラ・コンサルティング"},
	  {"review.company", "1"}},
	 NULL},
	{"a real long-vowel mark where the domain has no break stays",
	 {{"株式会社ソーラーシステム", NULL, 50, 40, 500, 40},
	  {"前田 花子", NULL, 300, 200, 300, 70},
	  {"maeda@solar-system.co.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "株式会社ソーラーシステム"}},
	 NULL},
	{"a doubled long-vowel mark is read once",
	 {{"一般社団法人ブルーーオーシャン", NULL, 50, 40, 500, 40},
	  {"菅野 弘", NULL, 300, 200, 300, 70}},
	 {{"company", "一般社団法人ブルーオーシャン"}},
	 NULL},
	{"lower-case specks after an English legal form go",
	 {{"Maple & Stone Inc. eee all", NULL, 50, 40, 500, 40},
	  {"Laura Stone", NULL, 50, 120, 300, 50}},
	 {{"company", "Maple & Stone Inc."}, {"review.company", "1"}},
	 NULL},
	{"a bar read as letters before an English company goes",
	 {{"alll Harbor & Finch LLP", NULL, 50, 40, 500, 40},
	  {"Laura Stone", NULL, 50, 120, 300, 50}},
	 {{"company", "Harbor & Finch LLP"}, {"review.company", "1"}},
	 NULL},
	{"specks before a legal form that begins the name go",
	 {{"月| | (株)瑞穂リサーチ", NULL, 50, 40, 500, 40},
	  {"阿部 聡子", NULL, 300, 200, 300, 70}},
	 {{"company", "(株)瑞穂リサーチ"}, {"review.company", "1"}},
	 NULL},
	{"the legal form's last character misread is put right",
	 {{"リンクスタッフ株式会視", NULL, 50, 40, 500, 40},
	  {"小沢 淳", NULL, 300, 200, 300, 70},
	  {"ozawa-j@linkstaff.co.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "リンクスタッフ株式会社"}, {"review.company", "1"}},
	 NULL},
	{"a speck at the edge of a name that spells the domain goes",
	 {{"サクラシステムズメ株式会社", NULL, 50, 40, 500, 40},
	  {"吉川 沙希", NULL, 300, 200, 300, 70},
	  {"saki.yoshikawa@sakura-systems.com", NULL, 50, 520, 400, 22}},
	 {{"company", "サクラシステムズ株式会社"}, {"review.company", "1"}},
	 NULL},
	{"a printed plural the domain lacks stays",
	 {{"ヒカリネットワークス株式会社", NULL, 50, 40, 500, 40},
	  {"吉川 沙希", NULL, 300, 200, 300, 70},
	  {"saki@hikari-network.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "ヒカリネットワークス株式会社"}},
	 NULL},
	{"a bar read as Latin letters beside a Japanese company goes",
	 {{"all (株)富士ソリューションズ al", NULL, 50, 40, 500, 40},
	  {"菅野 弘", NULL, 300, 200, 300, 70}},
	 {{"company", "(株)富士ソリューションズ"}, {"review.company", "1"}},
	 NULL},
	{"the domain puts back a kana the OCR lost",
	 {{"一般社団法人ハーモニーデザイ", NULL, 50, 40, 500, 40},
	  {"宮本 豊", NULL, 300, 200, 300, 70},
	  {"yutaka.miyamoto@harmony-design.or.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "一般社団法人ハーモニーデザイン"},
	  {"review.company", "1"}},
	 NULL},
	{"the domain's word puts back a kanji the OCR lost",
	 {{"株式会社北エンジニアリング", NULL, 50, 40, 500, 40},
	  {"吉川 聡", NULL, 300, 200, 300, 70},
	  {"yoshikawas@hokuto-eng.co.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "株式会社北斗エンジニアリング"},
	  {"review.company", "1"}},
	 NULL},
	{"the domain's word mends a kanji read as a kana",
	 {{"一般社団法人みらい設き", NULL, 50, 40, 500, 40},
	  {"田辺 純", NULL, 300, 200, 300, 70},
	  {"j.tanabe@mirai-sekkei.or.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "一般社団法人みらい設計"}, {"review.company", "1"}},
	 NULL},
	{"domain mends a voicing mark",
	 {{"株式会社プルーオーシャン", NULL, 50, 40, 500, 40},
	  {"菅野 弘", NULL, 300, 200, 300, 70},
	  {"kanno-h@blueocean.co.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "株式会社ブルーオーシャン"}},
	 NULL},
	{"domain mends an English company's first word; speck after Ltd.",
	 {{"Copperieat Studio Limited", NULL, 50, 40, 500, 40},
	  {"Claire King", NULL, 50, 120, 300, 50},
	  {"clairek@copperleaf.com", NULL, 50, 540, 400, 22},
	  {"www.copperleaf.com", NULL, 50, 570, 400, 22}},
	 {{"company", "Copperleaf Studio Limited"}},
	 NULL},
	{"a misread email alone does not respell the company",
	 {{"Copperieat Studio Limited", NULL, 50, 40, 500, 40},
	  {"Claire King", NULL, 50, 120, 300, 50},
	  {"clairek@copperleat.com", NULL, 50, 540, 400, 22}},
	 {{"company", "Copperieat Studio Limited"}},
	 NULL},
	{"a speck after Ltd. is dropped",
	 {{"Harbor & Finch Co., Ltd. 0", NULL, 50, 40, 500, 40},
	  {"Julia Moore", NULL, 50, 120, 300, 50},
	  {"julia@harborfinch.com", NULL, 50, 540, 400, 22}},
	 {{"company", "Harbor & Finch Co., Ltd."}},
	 NULL},
	{"specks around a Latin company",
	 {{"ロ Eletronica ADACHI Ltda. D", NULL, 50, 40, 500, 40},
	  {"Rua Boa Vista, 254", NULL, 50, 500, 500, 22}},
	 {{"company", "Eletrônica ADACHI Ltda."}},
	 NULL},
	{"a kanji of a word misread, the domain spells the word",
	 {{"東洋精要株式会社", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"yamada@toyo-seiki.co.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "東洋精機株式会社"}, {"review.company", "1"}},
	 NULL},
	{"a kanji before katakana misread, the domain spells both",
	 {{"株式会社表葉フーズ", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"http://www.aoba-foods.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "株式会社青葉フーズ"}},
	 NULL},
	{"a word the domain does not spell stays",
	 {{"東洋精要株式会社", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"yamada@sakura-systems.co.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "東洋精要株式会社"}},
	 NULL},
	{"a speck read as a word before an English company",
	 {{"Be Vantage Point Consulting, Inc.", NULL, 50, 40, 500, 40},
	  {"Claire King", NULL, 50, 120, 300, 50},
	  {"claire@vantagepoint.com", NULL, 50, 540, 400, 22}},
	 {{"company", "Vantage Point Consulting, Inc."},
	  {"review.company", "1"}},
	 NULL},
	{"a first word of the domain stays",
	 {{"A1 Point Consulting, Inc.", NULL, 50, 40, 500, 40},
	  {"Claire King", NULL, 50, 120, 300, 50},
	  {"claire@a1point.com", NULL, 50, 540, 400, 22}},
	 {{"company", "A1 Point Consulting, Inc."}},
	 NULL},
	{"a speck after Limited",
	 {{"Granite Peak Software Limited Be", NULL, 50, 40, 500, 40},
	  {"Claire King", NULL, 50, 120, 300, 50}},
	 {{"company", "Granite Peak Software Limited"}},
	 NULL},
	{"a circle before a Japanese company",
	 {{"〇関西ケミカル株式会社", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70}},
	 {{"company", "関西ケミカル株式会社"}},
	 NULL},
	{"an unclosed bracket and a hiragana before a Japanese company",
	 {{"(ぴマルヤマ食品株式会社", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70}},
	 {{"company", "マルヤマ食品株式会社"}},
	 NULL},
	{"an unrelated domain changes nothing",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"yamada@example-holdings.co.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "株式会社テスト商事"}},
	 NULL},
	{"丁 of 丁目 read as a speck",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"〒532-0011", NULL, 50, 480, 200, 22},
	  {"大阪府大阪市淀川区西中島6 」 目20-24 西中島ビル 7F", NULL, 50,
	   510, 600, 22}},
	 {{"address", "大阪府大阪市淀川区西中島6丁目20-24 西中島ビル 7F"}},
	 NULL},
	{"丁目 read as two other characters before 番",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"〒100-0004", NULL, 50, 480, 200, 22},
	  {"東京都千代田区大手町5本中30番10号 ! サクラ会館 17F", NULL, 50,
	   510, 600, 22}},
	 {{"address", "東京都千代田区大手町5丁目30番10号 サクラ会館 17F"}},
	 NULL},
	{"丁 lost before 目, the prefecture cut off, B for 8 in the floor",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"〒170-0013", NULL, 50, 480, 200, 22},
	  {"豊島区東池袋2 目4-17 北斗会館 BF", NULL, 50, 510, 600, 22}},
	 {{"address", "東京都豊島区東池袋2丁目4-17 北斗会館 8F"}},
	 NULL},
	{"階 read as 8 after a building's name",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"〒110-0005", NULL, 50, 480, 200, 22},
	  {"東京都台東区上野8-20-4 上野プレイス 178", NULL, 50, 510, 600, 22}},
	 {{"address", "東京都台東区上野8-20-4 上野プレイス 17階"}},
	 NULL},
	{"階 read as 8 and a speck before it as 0",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"〒110-0005", NULL, 50, 480, 200, 22},
	  {"東京都台東区上野3-20-17 上野スクエア 1308", NULL, 50, 510, 600,
	   22}},
	 {{"address", "東京都台東区上野3-20-17 上野スクエア 13階"}},
	 NULL},
	{"a building named after its town, one character misread",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"〒190-0012", NULL, 50, 480, 200, 22},
	  {"東京都立川市曙町2-22-6 虫町スクエア 4F", NULL, 50, 510, 600,
	   22}},
	 {{"address", "東京都立川市曙町2-22-6 曙町スクエア 4F"}},
	 NULL},
	{"a building named after another town of the city stays",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"〒190-0012", NULL, 50, 480, 200, 22},
	  {"東京都立川市曙町2-22-6 柴崎町ビル 4F", NULL, 50, 510, 600, 22}},
	 {{"address", "東京都立川市曙町2-22-6 柴崎町ビル 4F"}},
	 NULL},
	{"one kana too many: the name then spells the whole domain",
	 {{"アサヒビ電子工業株式会社", NULL, 50, 40, 500, 40},
	  {"吉岡 健", NULL, 300, 200, 300, 70},
	  {"yoshioka@asahi-denshi.co.jp", NULL, 50, 520, 400, 22}},
	 {{"company", "アサヒ電子工業株式会社"}, {"review.company", "1"}},
	 NULL},
	{"a long-vowel mark lost at the end of a loanword",
	 {{"株式会社アオバテクノロジ", NULL, 50, 40, 500, 40},
	  {"福田 健", NULL, 300, 200, 300, 70}},
	 {{"company", "株式会社アオバテクノロジー"}, {"review.company", "1"}},
	 NULL},
	{"a katakana word that is no loanword keeps its end",
	 {{"株式会社サクラシス", NULL, 50, 40, 500, 40},
	  {"福田 健", NULL, 300, 200, 300, 70}},
	 {{"company", "株式会社サクラシス"}},
	 NULL},
	{"a small kana with nothing to modify is a speck",
	 {{"株式会社ソラ・ァコンサルティング", NULL, 50, 40, 500, 40},
	  {"安田 明", NULL, 300, 200, 300, 70}},
	 {{"company", "株式会社ソラ・コンサルティング"}},
	 NULL},
	{"the romanised name corrects a family name one character off",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"須田 俊", NULL, 300, 200, 300, 70},
	  {"IWATA Shun", NULL, 300, 275, 200, 22}},
	 {{"name", "岩田 俊"}, {"family_name", "岩田"}, {"review.name", "1"}},
	 NULL},
	{"a romanised given name with many spellings corrects nothing",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"松田 完", NULL, 300, 200, 300, 70},
	  {"MATSUDA Ryo", NULL, 300, 275, 200, 22}},
	 {{"given_name", "完"}},
	 NULL},
	{"the 一 of 一般社団法人 lost",
	 {{"般社団法人東洋精機", NULL, 50, 40, 500, 40},
	  {"横山 俊介", NULL, 300, 200, 300, 70}},
	 {{"company", "一般社団法人東洋精機"}},
	 NULL},
	{"a printed reading of a given name the dictionary reads otherwise",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"ふじい ゆうた", NULL, 300, 170, 200, 20},
	  {"藤井 裕太", NULL, 300, 200, 300, 70}},
	 {{"name", "藤井 裕太"}, {"name_reading", "ふじい ゆうた"},
	  {"source", "printed"}},
	 NULL},
	{"a reading that names another given name flags the name",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"ささき ゆうた", NULL, 300, 170, 200, 20},
	  {"佐々木 和裕太", NULL, 300, 200, 300, 70},
	  {"sasaki@test-shoji.co.jp", NULL, 50, 520, 400, 22}},
	 {{"name_reading", "ささき ゆうた"}, {"review.name", "1"}},
	 NULL},
	{"Brazilian CEP",
	 {{"Microvida Informatica", NULL, 50, 40, 500, 40},
	  {"Fone (11) 3825-1234", NULL, 50, 460, 500, 22},
	  {"Rua Cruzeiro, 406 - Barra Funda - CEP 01137-000", NULL, 50, 500,
	   500, 22}},
	 {{"postal_code", "01137-000"}},
	 NULL},
	{"a phone number is not a CEP",
	 {{"Microvida Informatica", NULL, 50, 40, 500, 40},
	  {"Cel (11) 91234-5678", NULL, 50, 460, 500, 22}},
	 {{"postal_code", ""}},
	 NULL},
	{"the romanised name mends a letter of the email's local part",
	 {{"有限会社日本データサービス", NULL, 50, 40, 500, 40},
	  {"もりた まりこ", NULL, 300, 170, 200, 20},
	  {"森田 真理子", NULL, 300, 200, 300, 70},
	  {"MORITA MARIKO", NULL, 300, 280, 200, 20},
	  {"E-mail: morita.gariko@nds.co.jp", NULL, 50, 520, 400, 22}},
	 {{"email", "morita.mariko@nds.co.jp"}, {"review.email", "1"}},
	 NULL},
	{"the printed reading mends the local part without a romanised name",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"やまだ たろう", NULL, 300, 170, 200, 20},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"yanada.taro@test-shoji.co.jp", NULL, 50, 520, 400, 22}},
	 {{"email", "yamada.taro@test-shoji.co.jp"}},
	 NULL},
	{"a local part's initial read twice",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"いのうえ まさと", NULL, 300, 170, 200, 20},
	  {"井上 正人", NULL, 300, 200, 300, 70},
	  {"mm.inoue@test-shoji.co.jp", NULL, 50, 520, 400, 22}},
	 {{"email", "m.inoue@test-shoji.co.jp"}, {"review.email", "1"}},
	 NULL},
	{"a local part's dot read as i",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"おがわ いさお", NULL, 300, 170, 200, 20},
	  {"小川 功", NULL, 300, 200, 300, 70},
	  {"iiogawa@test-shoji.co.jp", NULL, 50, 520, 400, 22}},
	 {{"email", "i.ogawa@test-shoji.co.jp"}},
	 NULL},
	{"a speck before a local part's initial, and a dash after its dot",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"Haruka Iida", NULL, 300, 170, 200, 20},
	  {"飯田 遥", NULL, 300, 200, 300, 70},
	  {"iida.-haruka@test-shoji.co.jp", NULL, 50, 520, 400, 22},
	  {"lh.iida@test-shoji.jp", NULL, 50, 560, 400, 22}},
	 {{"email", "iida.haruka@test-shoji.co.jp"}},
	 NULL},
	{"a local part that is a shape of the name, or has a digit, stays",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"さとう たろう", NULL, 300, 170, 200, 20},
	  {"佐藤 太郎", NULL, 300, 200, 300, 70},
	  {"satoh.t@test-shoji.co.jp", NULL, 50, 520, 400, 22}},
	 {{"email", "satoh.t@test-shoji.co.jp"}, {"review.email", "0"}},
	 NULL},
	{"an initial that is not the name's stays: the name may be misread",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"きくち りょう", NULL, 300, 170, 200, 20},
	  {"菊池 亮", NULL, 300, 200, 300, 70},
	  {"kikuchi-y@test-shoji.co.jp", NULL, 50, 520, 400, 22}},
	 {{"email", "kikuchi-y@test-shoji.co.jp"}},
	 NULL},
	{"a dot is not made a letter of a misread romanised name",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"Isamuo Matsuura", NULL, 300, 170, 200, 20},
	  {"松浦 勇", NULL, 300, 200, 300, 70},
	  {"isamu.matsuura@test-shoji.co.jp", NULL, 50, 520, 400, 22}},
	 {{"email", "isamu.matsuura@test-shoji.co.jp"}},
	 NULL},
	{"a letter after the name is another initial, not a double",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"なかた たろう", NULL, 300, 170, 200, 20},
	  {"中田 太郎", NULL, 300, 200, 300, 70},
	  {"nakataa@test-shoji.co.jp", NULL, 50, 520, 400, 22}},
	 {{"email", "nakataa@test-shoji.co.jp"}},
	 NULL},
	{"a local part with a digit stays",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"さとう たろう", NULL, 300, 170, 200, 20},
	  {"佐藤 太郎", NULL, 300, 200, 300, 70},
	  {"t.sato2@test-shoji.co.jp", NULL, 50, 520, 400, 22}},
	 {{"email", "t.sato2@test-shoji.co.jp"}},
	 NULL},
	{"a local part in another romanisation is kept (hu for fu)",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"ふじた たろう", NULL, 300, 170, 200, 20},
	  {"藤田 太郎", NULL, 300, 200, 300, 70},
	  {"hujita@test-shoji.co.jp", NULL, 50, 520, 400, 22}},
	 {{"email", "hujita@test-shoji.co.jp"}},
	 NULL},
	{"a family name with the given name's initial is kept (itoy)",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"いとう ゆうた", NULL, 300, 170, 200, 20},
	  {"伊藤 裕太", NULL, 300, 200, 300, 70},
	  {"itoy@test-shoji.co.jp", NULL, 50, 520, 400, 22}},
	 {{"email", "itoy@test-shoji.co.jp"}},
	 NULL},
	{"an initial before the family name is kept (tsaito)",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"さいとう たくみ", NULL, 300, 170, 200, 20},
	  {"斎藤 匠", NULL, 300, 200, 300, 70},
	  {"tsaito@test-shoji.co.jp", NULL, 50, 520, 400, 22}},
	 {{"email", "tsaito@test-shoji.co.jp"}},
	 NULL},
	{"a local part that is not the name is kept",
	 {{"株式会社テスト商事", NULL, 50, 40, 500, 40},
	  {"やまだ たろう", NULL, 300, 170, 200, 20},
	  {"山田 太郎", NULL, 300, 200, 300, 70},
	  {"sales@test-shoji.co.jp", NULL, 50, 520, 400, 22}},
	 {{"email", "sales@test-shoji.co.jp"}},
	 NULL},
	{"the URL mends the email's domain the company agrees with",
	 {{"Copperleaf Studio LLP", NULL, 50, 40, 500, 40},
	  {"Sophie Reed", NULL, 50, 120, 300, 50},
	  {"sophier@copperieaf.com", NULL, 50, 540, 400, 22},
	  {"https://www.copperleaf.com", NULL, 50, 570, 400, 22}},
	 {{"email", "sophier@copperleaf.com"},
	  {"url", "https://www.copperleaf.com"},
	  {"review.email", "1"}},
	 NULL},
	{"the email mends the URL's domain the company agrees with",
	 {{"Copperleaf Studio LLP", NULL, 50, 40, 500, 40},
	  {"Sophie Reed", NULL, 50, 120, 300, 50},
	  {"sophier@copperleaf.com", NULL, 50, 540, 400, 22},
	  {"https://www.copperieaf.com", NULL, 50, 570, 400, 22}},
	 {{"email", "sophier@copperleaf.com"},
	  {"url", "https://www.copperleaf.com"},
	  {"review.url", "1"}},
	 NULL},
	{"the URL mends an email domain two letters off in a long name",
	 {{"Bluefield Systems Ltd.", NULL, 50, 40, 500, 40},
	  {"Lisa Miller", NULL, 50, 120, 300, 50},
	  {"Email lisam@bivefield.com", NULL, 50, 540, 400, 22},
	  {"Web bluefield.com", NULL, 50, 570, 400, 22}},
	 {{"email", "lisam@bluefield.com"}, {"review.email", "1"}},
	 NULL},
	{"a short domain two letters off is left alone",
	 {{"Acme Ltd.", NULL, 50, 40, 500, 40},
	  {"Lisa Miller", NULL, 50, 120, 300, 50},
	  {"Email lisa@axne.com", NULL, 50, 540, 400, 22},
	  {"Web acme.com", NULL, 50, 570, 400, 22}},
	 {{"email", "lisa@axne.com"}},
	 NULL},
	{"the company's name mends its email domain a letter or two off",
	 {{"株式会社富士ソリューションズ", NULL, 50, 40, 500, 40},
	  {"矢野 健", NULL, 300, 200, 300, 70},
	  {"yano@fuji-seletions.co.jp", NULL, 50, 520, 400, 22}},
	 {{"email", "yano@fuji-solutions.co.jp"}, {"review.email", "1"}},
	 NULL},
	{"an English company's first words mend the email and the URL",
	 {{"Evergreen Health Ltd.", NULL, 50, 40, 500, 40},
	  {"Jason Clark", NULL, 50, 120, 300, 50},
	  {"jason.clark@evergreenheatth.com", NULL, 50, 540, 400, 22},
	  {"https://everoreenheaith.com", NULL, 50, 570, 400, 22}},
	 {{"email", "jason.clark@evergreenhealth.com"},
	  {"url", "https://evergreenhealth.com"}},
	 NULL},
	{"a domain that is another word stays",
	 {{"株式会社富士ソリューションズ", NULL, 50, 40, 500, 40},
	  {"矢野 健", NULL, 300, 200, 300, 70},
	  {"yano@fujisoft.co.jp", NULL, 50, 520, 400, 22}},
	 {{"email", "yano@fujisoft.co.jp"}},
	 NULL},
	{"an email and a URL that agree stay",
	 {{"Evergreen Health Ltd.", NULL, 50, 40, 500, 40},
	  {"Jason Clark", NULL, 50, 120, 300, 50},
	  {"jason.clark@evergreenheaith.com", NULL, 50, 540, 400, 22},
	  {"https://evergreenheaith.com", NULL, 50, 570, 400, 22}},
	 {{"email", "jason.clark@evergreenheaith.com"}},
	 NULL},
	{"a capital I in the local part is the l of the name",
	 {{"Atlas Freight Ltd.", NULL, 50, 40, 500, 40},
	  {"Laura Morgan", NULL, 50, 120, 300, 50},
	  {"Email Imorgan@atlasfreight.com", NULL, 50, 540, 400, 22}},
	 {{"email", "lmorgan@atlasfreight.com"}, {"review.email", "1"}},
	 NULL},
	{"a capital I in the local part is the i of the name",
	 {{"Atlas Freight Ltd.", NULL, 50, 40, 500, 40},
	  {"Ian Morgan", NULL, 50, 120, 300, 50},
	  {"Email Imorgan@atlasfreight.com", NULL, 50, 540, 400, 22}},
	 {{"email", "imorgan@atlasfreight.com"}},
	 NULL},
	{"UK postcode",
	 {{"Harbour Analytics Ltd", NULL, 50, 40, 500, 40},
	  {"Oliver Smith", NULL, 50, 120, 300, 50},
	  {"221B Baker Street, London NW1 6XE", NULL, 50, 500, 500, 22},
	  {"oliver@harbour-analytics.co.uk", NULL, 50, 540, 400, 22}},
	 {{"postal_code", "NW1 6XE"}},
	 NULL},
};

static void build(const struct tl *tl, ms_lines *ls)
{
	size_t i;

	ms_lines_init(ls);
	for (i = 0; i < MAXL && tl[i].text; i++) {
		ms_box b = {tl[i].x, tl[i].y, tl[i].w, tl[i].h};
		if (ms_lines_add(ls, tl[i].text, b, 0.9f, 0) != MS_OK)
			abort();
		if (tl[i].alt)
			ms_strlcpy_utf8(ls->v[ls->n - 1].alt, tl[i].alt,
					sizeof(ls->v[0].alt));
	}
}

static const char *get(const ms_contact *c, const char *key, char *tmp)
{
	int f;

	if (strcmp(key, "source") == 0)
		return c->name_reading_source;
	if (strncmp(key, "review.", 7) == 0) {
		f = ms_field_by_key(key + 7);
		tmp[0] = f >= 0 && (c->review & (1u << f)) ? '1' : '0';
		tmp[1] = '\0';
		return tmp;
	}
	f = ms_field_by_key(key);
	return f >= 0 ? c->v[f] : "(no such field)";
}

static void check_case(const struct vcase *vc)
{
	ms_lines ls;
	ms_contact on, off;
	char tmp[4];
	size_t i;

	build(vc->lines, &ls);
	ms_extractor_set_knowledge(X, 0);
	CHECK_INT(ms_extract(X, &ls, &off), MS_OK);
	ms_extractor_set_knowledge(X, 1);
	CHECK_INT(ms_extract(X, &ls, &on), MS_OK);
	for (i = 0; i < MAXW && vc->want[i].key; i++) {
		const char *g = get(&on, vc->want[i].key, tmp);
		if (strcmp(g, vc->want[i].val) == 0) {
			t_pass++;
		} else {
			t_fail++;
			fprintf(stderr, "%s: %s: got \"%s\", want \"%s\"\n",
				vc->name, vc->want[i].key, g,
				vc->want[i].val);
		}
	}
	/* A field flagged for review is below the review desk's line. */
	for (i = 0; i < MS_F_COUNT; i++)
		if ((on.review & (1u << i)) && on.conf[i] >= MS_REVIEW_CONF) {
			t_fail++;
			fprintf(stderr, "%s: %s flagged at confidence %.2f\n",
				vc->name, ms_field_keys[i], (double)on.conf[i]);
		}
	if (vc->doubt) {
		int f = ms_field_by_key(vc->doubt);
		CHECK(f >= 0);
		if (f >= 0) {
			CHECK(on.conf[f] < off.conf[f]);
			CHECK(on.review & (1u << f));
		}
	}
	ms_lines_free(&ls);
}

/* The switch: with the stage off, the corrections are not made. */
static void check_off(void)
{
	ms_lines ls;
	ms_contact c;

	build(cases[0].lines, &ls);
	ms_extractor_set_knowledge(X, 0);
	CHECK_INT(ms_extract(X, &ls, &c), MS_OK);
	ms_extractor_set_knowledge(X, 1);
	CHECK_STR(c.v[MS_F_ADDRESS], "北海道札幌市中央区北一休西3-2");
	ms_lines_free(&ls);
}

/* A models folder without the postal table names the missing file. */
static void check_missing_table(void)
{
	ms_extractor *x = NULL;
	ms_err err;
	char dir[] = "/tmp/meishi-verify-XXXXXX", cmd[256];
	static const char *const keep[] = {
		"legal_forms.txt", "titles.txt", "departments.txt",
		"prefectures.txt", "names-ja.tsv", "loanwords-ja.tsv",
		"words-ja.tsv", "accents-pt.txt",
	};
	size_t i;

	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	for (i = 0; i < sizeof(keep) / sizeof(*keep); i++) {
		snprintf(cmd, sizeof(cmd), "cp '%s/models/%s' '%s/'",
			 MEISHI_SOURCE_DIR, keep[i], dir);
		CHECK(system(cmd) == 0);
	}
	ms_err_clear(&err);
	CHECK(ms_extractor_new(dir, &x, &err) != MS_OK);
	CHECK(x == NULL);
	CHECK(strstr(err.msg, "postal-ja.tsv") != NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
}

/* An OCR line with malformed UTF-8 that the stage copies into a field
 * (a Brazilian CEP line becomes the address) must come out as valid
 * UTF-8: found by fuzz_extract. */
static void check_invalid_utf8_line(void)
{
	ms_lines ls;
	ms_contact c;
	ms_box b1 = {50, 40, 400, 30}, b2 = {50, 100, 500, 22};
	int f;

	ms_lines_init(&ls);
	CHECK(ms_lines_add(&ls, "Eletronica ADACHI Ltda.", b1, 0.9f, 0) ==
	      MS_OK);
	CHECK(ms_lines_add(&ls, "Rua X 12 \xd0\xc7\xcd P: 03637-000", b2,
			   0.9f, 0) == MS_OK);
	CHECK(ms_extract(X, &ls, &c) == MS_OK);
	for (f = 0; f < MS_F_COUNT; f++)
		CHECK(ms_utf8_valid(c.v[f], strlen(c.v[f])));
	CHECK_STR(c.v[MS_F_POSTAL_CODE], "03637-000");
	ms_lines_free(&ls);
}

/* A given name the OCR lost ("菅原" with "すがわら つばさ" printed): the
 * extractor asks for the name line to be read again, to the right of the
 * family name, by an OCR limited to the characters of 菅原 and of the
 * spellings of つばさ; it takes a reading that the dictionary reads as
 * the printed reading in full, flagged for review, and nothing else. */
static void check_name_reread(void)
{
	ms_lines ls;
	ms_contact c, keep;
	ms_name_reread rr;
	ms_box rb = {300, 170, 200, 20}, nb = {300, 200, 140, 70};

	ms_lines_init(&ls);
	CHECK(ms_lines_add(&ls, "株式会社テスト商事", (ms_box){50, 40, 500, 40},
			   0.9f, 0) == MS_OK);
	CHECK(ms_lines_add(&ls, "すがわら つばさ", rb, 0.9f, 0) == MS_OK);
	CHECK(ms_lines_add(&ls, "菅原", nb, 0.9f, 0) == MS_OK);
	CHECK(ms_extract(X, &ls, &c) == MS_OK);
	CHECK_STR(c.v[MS_F_NAME_READING], "すがわら つばさ");
	CHECK_STR(c.v[MS_F_GIVEN_NAME], "");
	CHECK(ms_extract_name_reread(X, &c, &rr) == 1);
	CHECK(strstr(rr.chars, "菅") && strstr(rr.chars, "原"));
	CHECK(strstr(rr.chars, "翼") != NULL);
	CHECK(strstr(rr.chars, "太") == NULL);
	CHECK_INT(rr.box.x, nb.x);
	CHECK(rr.box.w >= nb.w + 2 * nb.h); /* room for the given name */
	keep = c;
	/* Not the printed reading: refused, the contact untouched. */
	CHECK(ms_extract_name_take(X, &c, "菅原翔") == 0);
	CHECK(ms_extract_name_take(X, &c, "") == 0);
	CHECK(memcmp(&c, &keep, sizeof(c)) == 0);
	CHECK(ms_extract_name_take(X, &c, "菅原翼") == 1);
	CHECK_STR(c.v[MS_F_NAME], "菅原 翼");
	CHECK_STR(c.v[MS_F_FAMILY_NAME], "菅原");
	CHECK_STR(c.v[MS_F_GIVEN_NAME], "翼");
	CHECK(c.review & (1u << MS_F_NAME));
	/* Under the review desk's low-confidence mark (web/app.js). */
	CHECK(c.conf[MS_F_NAME] < 0.6f);
	/* Now the name fits its reading: nothing to read again. */
	CHECK(ms_extract_name_reread(X, &c, &rr) == 0);
	/* The stage off: never. */
	ms_extractor_set_knowledge(X, 0);
	c = keep;
	CHECK(ms_extract_name_reread(X, &c, &rr) == 0);
	CHECK(ms_extract_name_take(X, &c, "菅原翼") == 0);
	ms_extractor_set_knowledge(X, 1);
	ms_lines_free(&ls);
}

/* The kanji name not read at all (big bold type the layout analysis
 * missed), its reading and romanised name printed: the name is looked for
 * under the reading, above the romanised name, limited to the reading's
 * spellings, and taken when the dictionary reads it as that reading. */
static void check_name_missing(void)
{
	ms_lines ls;
	ms_contact c;
	ms_name_reread rr;
	ms_box rb = {89, 129, 195, 22}, lb = {89, 231, 201, 23};

	ms_lines_init(&ls);
	CHECK(ms_lines_add(&ls, "技術本部 開発課 マネージャー",
			   (ms_box){89, 89, 388, 27}, 0.9f, 0) == MS_OK);
	CHECK(ms_lines_add(&ls, "ないとう せいいち", rb, 0.95f, 0) == MS_OK);
	CHECK(ms_lines_add(&ls, "Seiichi NAITO", lb, 0.96f, 0) == MS_OK);
	CHECK(ms_lines_add(&ls, "合同会社グリーンフィールド",
			   (ms_box){560, 280, 451, 37}, 0.93f, 0) == MS_OK);
	CHECK(ms_extract(X, &ls, &c) == MS_OK);
	CHECK_STR(c.v[MS_F_NAME_READING], "ないとう せいいち");
	CHECK(ms_extract_name_reread(X, &c, &rr) == 1);
	CHECK(strstr(rr.chars, "内") && strstr(rr.chars, "藤"));
	CHECK(strstr(rr.chars, "誠") && strstr(rr.chars, "一"));
	CHECK_INT(rr.box.y, rb.y + rb.h);       /* under the reading */
	CHECK_INT(rr.box.y + rr.box.h, lb.y);   /* above the romanised name */
	CHECK(rr.box.w > rb.w);
	CHECK(ms_extract_name_take(X, &c, "内藤誠二") == 0);
	CHECK(ms_extract_name_take(X, &c, "内藤誠一") == 1);
	CHECK_STR(c.v[MS_F_NAME], "内藤 誠一");
	CHECK_STR(c.v[MS_F_NAME_LATIN], "Seiichi NAITO");
	CHECK(c.conf[MS_F_NAME] < 0.6f);
	ms_lines_free(&ls);
}

/* A name line and its printed reading above it, at the OCR's confidences;
 * extracted into c. */
static void name_card(const char *reading, float rconf, const char *name,
		      float nconf, ms_contact *c)
{
	ms_lines ls;

	ms_lines_init(&ls);
	CHECK(ms_lines_add(&ls, "株式会社テスト商事", (ms_box){50, 40, 500, 40},
			   0.9f, 0) == MS_OK);
	CHECK(ms_lines_add(&ls, reading, (ms_box){300, 170, 200, 20}, rconf,
			   0) == MS_OK);
	CHECK(ms_lines_add(&ls, name, (ms_box){300, 200, 140, 70}, nconf, 0) ==
	      MS_OK);
	CHECK(ms_extract(X, &ls, c) == MS_OK);
	ms_lines_free(&ls);
}

/* The reading and the name disagree by one character: which was misread? */
static void check_name_or_reading(void)
{
	ms_contact c;
	ms_name_reread rr;

	/* A name the OCR was unsure of: the reading, one kana off the
	 * name's, is taken for the misread one and fitted to the name... */
	name_card("はやし かずや", 0.95f, "林 和志", 0.75f, &c);
	CHECK_STR(c.v[MS_F_NAME], "林 和志");
	CHECK_STR(c.v[MS_F_NAME_READING], "はやし かずし");
	CHECK(c.review & (1u << MS_F_NAME_READING));
	/* ...but the name is still read again against the reading as
	 * printed, and one that fits it puts that reading back. */
	CHECK(ms_extract_name_reread(X, &c, &rr) == 1);
	CHECK(strstr(rr.chars, "也") != NULL);
	CHECK(ms_extract_name_take(X, &c, "林和志") == 0);
	CHECK(ms_extract_name_take(X, &c, "林和也") == 1);
	CHECK_STR(c.v[MS_F_NAME], "林 和也");
	CHECK_STR(c.v[MS_F_NAME_READING], "はやし かずや");
	CHECK_STR(c.name_reading_source, "printed");
	CHECK(ms_extract_name_reread(X, &c, &rr) == 0);

	/* A name the OCR was sure of is not corrected to a reading that
	 * only the (smaller, also read) kana say: flagged instead. */
	name_card("まつうち わかな", 0.90f, "松浦若菜", 0.96f, &c);
	CHECK_STR(c.v[MS_F_FAMILY_NAME], "松浦");
	CHECK(c.review & (1u << MS_F_NAME));
	name_card("まつうち わかな", 0.90f, "松浦若菜", 0.80f, &c);
	CHECK_STR(c.v[MS_F_FAMILY_NAME], "松内");
}

int main(void)
{
	ms_err err;
	size_t i;

	ms_err_clear(&err);
	if (ms_extractor_new(NULL, &X, &err) != MS_OK) {
		fprintf(stderr, "extractor: %s\n", err.msg);
		return 1;
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i]);
	check_off();
	check_missing_table();
	check_invalid_utf8_line();
	check_name_reread();
	check_name_missing();
	check_name_or_reading();
	ms_extractor_free(X);
	return t_done();
}
