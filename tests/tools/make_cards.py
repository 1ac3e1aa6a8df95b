#!/usr/bin/python3
"""Render synthetic business cards and photograph them as a phone would.

This tool builds Meishi's labelled evaluation set.  For every card it draws a
flat card at about 600 dpi (91 x 55 mm for Japanese cards, 3.5 x 2 in for
English ones), then degrades it like a phone photo: a procedural background,
tilt, perspective, uneven light, a soft shadow, a glare spot, defocus, sensor
noise and JPEG compression.  It writes NAME.jpg and NAME.json (the truth) into
the output directory.  It needs only Debian's python3, python3-pil (with
libraqm, for vertical text) and python3-numpy, and the fonts from
fonts-noto-cjk, fonts-ipafont-gothic, fonts-ipafont-mincho and
fonts-dejavu-core.  The output is deterministic for a given --seed.

Truth conventions (NAME.json):
  * Keys, all strings: name, family_name, given_name, name_reading,
    name_latin, company, department, title, postal_code, address, phone,
    fax, mobile, email, url.  "" when the card does not carry the field.
    Plus "kind" ("ja-horizontal" | "ja-vertical" | "en") and "seed" (the
    integer per-card seed; the card is make_card(kind, seed, variant)).
  * name: Japanese cards: family + one ASCII space + given ("山田 太郎"),
    whether or not the card prints a gap between them.  English cards: as
    printed ("John Smith").  family_name / given_name are the two parts.
  * name_reading: hiragana, family + " " + given ("やまだ たろう"), only when
    the reading is printed on the card (it is always printed in hiragana).
  * name_latin: the romanised (Hepburn) name line exactly as printed on a
    Japanese card ("Taro Yamada", "YAMADA Taro"); "" on English cards, whose
    name is already in "name".
  * company: as printed, legal form included ("株式会社サクラシステムズ",
    "(株)東洋精機", "Northwind Analytics, Inc.").
  * department / title: as printed; several department lines are joined by
    one ASCII space ("技術本部 開発課").
  * postal_code: Japan "NNN-NNNN" without 〒 (also when a vertical card
    prints it in kanji numerals); English cards: the ZIP code or UK postcode.
  * address: as printed, without the postal code and 〒; several lines are
    joined by one ASCII space on Japanese cards ("東京都千代田区丸の内1-2-3
    丸の内ビル5F") and by ", " on English cards ("1 Market Street, Suite 300,
    San Francisco, CA").  Vertical cards keep their kanji numerals
    ("丸の内一丁目二番三号").
  * phone / fax / mobile: the display form printed on the card, without its
    label ("03-1234-5678", "+1 415-555-0100", "(415) 555-0134").  Vertical
    cards that print numbers in kanji numerals have them in ASCII digits with
    hyphens in the truth (〇三（三二一一）四五六七 -> "03-3211-4567").
  * email: lower-case.  url: as printed ("https://www.x.co.jp", "www.x.com"),
    without a trailing slash.
  * Digits are half-width on every card, so the truth needs no NFKC step.

Usage:
  make_cards.py --out DIR [--count N] [--seed S] [--kinds K] [--holdout]
                [--save-flat] [--save-quad] [--backgrounds B] [--prefix P]
  --kinds: "ja-horizontal=40,ja-vertical=10,en=10" for exact counts, or a
           comma list of kinds that --count is spread over.
  --holdout (alias --style-variant holdout): other fonts (IPA), other layout
           templates and other backgrounds than the default set, so that an
           evaluation is not tuned to one renderer.
  --save-flat: also write NAME.flat.png, the card before degradation.
  --save-quad: also write NAME.quad.json: {"quad": [[x, y] x 4] the card's
           true corners in the photo (the flat card's TL, TR, BR, BL; for
           an already-cropped scan the image's corners), "size": [w, h],
           "style": "photo" | "scan", "background": the kind}.  The photos
           are the same with and without it.
  --backgrounds: e.g. "cloth" or "cloth,wood": photograph every card on
           one of these (a development set for the card finder).  The
           flat cards stay those of the seed; the photos differ.
"""

import argparse
import json
import math
import os
import random
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

# ---------------------------------------------------------------- fonts ---

NOTO = "/usr/share/fonts/opentype/noto/"
IPA_G = "/usr/share/fonts/opentype/ipafont-gothic/"
IPA_M = "/usr/share/fonts/opentype/ipafont-mincho/"
DJV = "/usr/share/fonts/truetype/dejavu/"

# Each face: (path, index in the collection, bold path or None).  Index 0 of
# the Noto CJK collections is the JP face (checked with font.getname()).
JA_FACES_MAIN = [
	("sans", NOTO + "NotoSansCJK-Regular.ttc", 0,
	 NOTO + "NotoSansCJK-Bold.ttc"),
	("serif", NOTO + "NotoSerifCJK-Regular.ttc", 0,
	 NOTO + "NotoSerifCJK-Bold.ttc"),
]
JA_FACES_HOLDOUT = [
	("sans", IPA_G + "ipag.ttf", 0, None),
	("sans", IPA_G + "ipagp.ttf", 0, None),
	("serif", IPA_M + "ipam.ttf", 0, None),
	("serif", IPA_M + "ipamp.ttf", 0, None),
]
EN_FACES_MAIN = [
	("sans", DJV + "DejaVuSans.ttf", 0, DJV + "DejaVuSans-Bold.ttf"),
	("serif", DJV + "DejaVuSerif.ttf", 0, DJV + "DejaVuSerif-Bold.ttf"),
	("sans", NOTO + "NotoSansCJK-Regular.ttc", 0,
	 NOTO + "NotoSansCJK-Bold.ttc"),
]
EN_FACES_HOLDOUT = [
	("sans", DJV + "DejaVuSansCondensed.ttf", 0,
	 DJV + "DejaVuSansCondensed-Bold.ttf"),
	("serif", DJV + "DejaVuSerifCondensed.ttf", 0,
	 DJV + "DejaVuSerifCondensed-Bold.ttf"),
	("sans", IPA_G + "ipagp.ttf", 0, None),
]

_font_cache = {}


def font(path, size, index=0):
	key = (path, int(size), index)
	if key not in _font_cache:
		_font_cache[key] = ImageFont.truetype(path, int(size),
						      index=index)
	return _font_cache[key]


class Face:
	"""A chosen typeface: regular and bold at any pixel size."""

	def __init__(self, spec):
		self.kind, self.path, self.index, self.bold_path = spec

	def reg(self, px):
		return font(self.path, px, self.index)

	def bold(self, px):
		if self.bold_path:
			return font(self.bold_path, px, self.index)
		return font(self.path, px, self.index)


# ----------------------------------------------------------------- data ---
# Common Japanese surnames: kanji, reading (hiragana), Hepburn.
SURNAMES = """佐藤 さとう Sato|鈴木 すずき Suzuki|高橋 たかはし Takahashi|田中 たなか Tanaka
伊藤 いとう Ito|渡辺 わたなべ Watanabe|山本 やまもと Yamamoto|中村 なかむら Nakamura
小林 こばやし Kobayashi|加藤 かとう Kato|吉田 よしだ Yoshida|山田 やまだ Yamada
佐々木 ささき Sasaki|山口 やまぐち Yamaguchi|松本 まつもと Matsumoto|井上 いのうえ Inoue
木村 きむら Kimura|林 はやし Hayashi|斎藤 さいとう Saito|清水 しみず Shimizu
山崎 やまざき Yamazaki|森 もり Mori|池田 いけだ Ikeda|橋本 はしもと Hashimoto
阿部 あべ Abe|石川 いしかわ Ishikawa|山下 やました Yamashita|中島 なかじま Nakajima
石井 いしい Ishii|小川 おがわ Ogawa|前田 まえだ Maeda|岡田 おかだ Okada
長谷川 はせがわ Hasegawa|藤田 ふじた Fujita|後藤 ごとう Goto|近藤 こんどう Kondo
村上 むらかみ Murakami|遠藤 えんどう Endo|青木 あおき Aoki|坂本 さかもと Sakamoto
斉藤 さいとう Saito|福田 ふくだ Fukuda|太田 おおた Ota|西村 にしむら Nishimura
藤井 ふじい Fujii|金子 かねこ Kaneko|岡本 おかもと Okamoto|藤原 ふじわら Fujiwara
中野 なかの Nakano|三浦 みうら Miura|原田 はらだ Harada|中川 なかがわ Nakagawa
松田 まつだ Matsuda|竹内 たけうち Takeuchi|小野 おの Ono|田村 たむら Tamura
中山 なかやま Nakayama|和田 わだ Wada|石田 いしだ Ishida|森田 もりた Morita
上田 うえだ Ueda|原 はら Hara|柴田 しばた Shibata|酒井 さかい Sakai
工藤 くどう Kudo|横山 よこやま Yokoyama|宮崎 みやざき Miyazaki|宮本 みやもと Miyamoto
内田 うちだ Uchida|高木 たかぎ Takagi|安藤 あんどう Ando|島田 しまだ Shimada
谷口 たにぐち Taniguchi|大野 おおの Ono|丸山 まるやま Maruyama|今井 いまい Imai
高田 たかだ Takada|藤本 ふじもと Fujimoto|武田 たけだ Takeda|村田 むらた Murata
上野 うえの Ueno|杉山 すぎやま Sugiyama|増田 ますだ Masuda|小山 こやま Koyama
大塚 おおつか Otsuka|平野 ひらの Hirano|菅原 すがわら Sugawara|久保 くぼ Kubo
松井 まつい Matsui|千葉 ちば Chiba|岩崎 いわさき Iwasaki|桜井 さくらい Sakurai
野口 のぐち Noguchi|松尾 まつお Matsuo|木下 きのした Kinoshita|野村 のむら Nomura
菊地 きくち Kikuchi|佐野 さの Sano|大西 おおにし Onishi|杉本 すぎもと Sugimoto
新井 あらい Arai|浜田 はまだ Hamada|菅野 かんの Kanno|市川 いちかわ Ichikawa
水野 みずの Mizuno|小松 こまつ Komatsu|島崎 しまざき Shimazaki|古川 ふるかわ Furukawa
小島 こじま Kojima|西田 にしだ Nishida|菊池 きくち Kikuchi|山内 やまうち Yamauchi
西川 にしかわ Nishikawa|五十嵐 いがらし Igarashi|北村 きたむら Kitamura|安田 やすだ Yasuda
中田 なかた Nakata|川口 かわぐち Kawaguchi|平田 ひらた Hirata|川崎 かわさき Kawasaki
飯田 いいだ Iida|吉川 よしかわ Yoshikawa|本田 ほんだ Honda|久保田 くぼた Kubota
沢田 さわだ Sawada|辻 つじ Tsuji|関 せき Seki|吉村 よしむら Yoshimura
渡部 わたなべ Watanabe|岩田 いわた Iwata|中西 なかにし Nakanishi|服部 はっとり Hattori
樋口 ひぐち Higuchi|福島 ふくしま Fukushima|川上 かわかみ Kawakami|永井 ながい Nagai
松岡 まつおか Matsuoka|田口 たぐち Taguchi|山中 やまなか Yamanaka|森本 もりもと Morimoto
土屋 つちや Tsuchiya|矢野 やの Yano|広瀬 ひろせ Hirose|秋山 あきやま Akiyama
石原 いしはら Ishihara|松下 まつした Matsushita|大橋 おおはし Ohashi|松浦 まつうら Matsuura
吉岡 よしおか Yoshioka|小池 こいけ Koike|馬場 ばば Baba|浅野 あさの Asano
荒木 あらき Araki|大久保 おおくぼ Okubo|野田 のだ Noda|小沢 おざわ Ozawa
田辺 たなべ Tanabe|川村 かわむら Kawamura|星野 ほしの Hoshino|黒田 くろだ Kuroda
堀 ほり Hori|尾崎 おざき Ozaki|望月 もちづき Mochizuki|永田 ながた Nagata
内藤 ないとう Naito|松村 まつむら Matsumura|西山 にしやま Nishiyama|平井 ひらい Hirai"""

# Common given names: kanji, reading, Hepburn.
GIVEN = """太郎 たろう Taro|一郎 いちろう Ichiro|健太 けんた Kenta|翔太 しょうた Shota
大輔 だいすけ Daisuke|拓也 たくや Takuya|直樹 なおき Naoki|達也 たつや Tatsuya
和也 かずや Kazuya|哲也 てつや Tetsuya|浩二 こうじ Koji|誠 まこと Makoto
修 おさむ Osamu|学 まなぶ Manabu|隆 たかし Takashi|剛 つよし Tsuyoshi
亮 りょう Ryo|大樹 だいき Daiki|健一 けんいち Kenichi|雅人 まさと Masato
俊介 しゅんすけ Shunsuke|陽介 ようすけ Yosuke|康介 こうすけ Kosuke|裕太 ゆうた Yuta
悠斗 ゆうと Yuto|蓮 れん Ren|大翔 ひろと Hiroto|颯太 そうた Sota
陸 りく Riku|海斗 かいと Kaito|慎吾 しんご Shingo|秀樹 ひでき Hideki
博之 ひろゆき Hiroyuki|浩 ひろし Hiroshi|茂 しげる Shigeru|勝 まさる Masaru
清 きよし Kiyoshi|実 みのる Minoru|明 あきら Akira|豊 ゆたか Yutaka
正樹 まさき Masaki|智也 ともや Tomoya|英樹 ひでき Hideki|健二 けんじ Kenji
誠一 せいいち Seiichi|洋平 ようへい Yohei|祐介 ゆうすけ Yusuke|圭介 けいすけ Keisuke
雄一 ゆういち Yuichi|聡 さとし Satoshi|徹 とおる Toru|淳 じゅん Jun
亮太 りょうた Ryota|翼 つばさ Tsubasa|光 ひかる Hikaru|優太 ゆうた Yuta
貴之 たかゆき Takayuki|和彦 かずひこ Kazuhiko|信也 しんや Shinya|敏夫 としお Toshio
義男 よしお Yoshio|正 ただし Tadashi|昭 あきら Akira|勇 いさむ Isamu
進 すすむ Susumu|弘 ひろし Hiroshi|武 たけし Takeshi|晃 あきら Akira
拓海 たくみ Takumi|湊 みなと Minato|樹 いつき Itsuki|悠真 ゆうま Yuma
陽太 ようた Yota|健 けん Ken|大地 だいち Daichi|俊 しゅん Shun
隼人 はやと Hayato|慎一 しんいち Shinichi|賢治 けんじ Kenji|孝 たかし Takashi
花子 はなこ Hanako|恵子 けいこ Keiko|裕子 ゆうこ Yuko|智子 ともこ Tomoko
久美子 くみこ Kumiko|由美 ゆみ Yumi|真由美 まゆみ Mayumi|美穂 みほ Miho
愛 あい Ai|彩 あや Aya|舞 まい Mai|麻衣 まい Mai
陽子 ようこ Yoko|京子 きょうこ Kyoko|直子 なおこ Naoko|明美 あけみ Akemi
幸子 さちこ Sachiko|洋子 ようこ Yoko|和子 かずこ Kazuko|節子 せつこ Setsuko
美香 みか Mika|香織 かおり Kaori|沙織 さおり Saori|奈々 なな Nana
千尋 ちひろ Chihiro|美咲 みさき Misaki|彩花 あやか Ayaka|結衣 ゆい Yui
陽菜 ひな Hina|さくら さくら Sakura|葵 あおい Aoi|凛 りん Rin
優子 ゆうこ Yuko|恵 めぐみ Megumi|瞳 ひとみ Hitomi|綾 あや Aya
理恵 りえ Rie|絵美 えみ Emi|由紀 ゆき Yuki|麻美 あさみ Asami
亜希子 あきこ Akiko|真理子 まりこ Mariko|典子 のりこ Noriko|純子 じゅんこ Junko
美紀 みき Miki|里美 さとみ Satomi|友美 ともみ Tomomi|聡子 さとこ Satoko
加奈子 かなこ Kanako|早紀 さき Saki|美樹 みき Miki|涼子 りょうこ Ryoko
朋子 ともこ Tomoko|千里 ちさと Chisato|若菜 わかな Wakana|菜摘 なつみ Natsumi
美月 みづき Mizuki|遥 はるか Haruka|楓 かえで Kaede|芽衣 めい Mei
紗希 さき Saki|詩織 しおり Shiori|未来 みく Miku|琴音 ことね Kotone
桃子 ももこ Momoko|静香 しずか Shizuka|瑞穂 みずほ Mizuho|佳奈 かな Kana
真一 しんいち Shinichi|修平 しゅうへい Shuhei|智史 さとし Satoshi|純一 じゅんいち Junichi
康弘 やすひろ Yasuhiro|和樹 かずき Kazuki|大介 だいすけ Daisuke|広樹 ひろき Hiroki
秀明 ひであき Hideaki|将太 しょうた Shota|竜也 たつや Tatsuya|悠 はるか Haruka"""


def _triples(blob):
	out = []
	for item in blob.replace("\n", "|").split("|"):
		k, r, h = item.split()
		out.append((k, r, h))
	return out


SURNAME_LIST = _triples(SURNAMES)
GIVEN_LIST = _triples(GIVEN)

# Real postal code, prefecture + city (+ ward), town, phone area code.
JA_PLACES = [
	("100-0005", "東京都千代田区", "丸の内", "03"),
	("100-0004", "東京都千代田区", "大手町", "03"),
	("100-0006", "東京都千代田区", "有楽町", "03"),
	("101-0021", "東京都千代田区", "外神田", "03"),
	("102-0083", "東京都千代田区", "麹町", "03"),
	("103-0027", "東京都中央区", "日本橋", "03"),
	("104-0061", "東京都中央区", "銀座", "03"),
	("104-0031", "東京都中央区", "京橋", "03"),
	("105-0001", "東京都港区", "虎ノ門", "03"),
	("105-0011", "東京都港区", "芝公園", "03"),
	("106-0032", "東京都港区", "六本木", "03"),
	("107-0052", "東京都港区", "赤坂", "03"),
	("108-0075", "東京都港区", "港南", "03"),
	("150-0002", "東京都渋谷区", "渋谷", "03"),
	("150-0043", "東京都渋谷区", "道玄坂", "03"),
	("151-0053", "東京都渋谷区", "代々木", "03"),
	("160-0023", "東京都新宿区", "西新宿", "03"),
	("160-0022", "東京都新宿区", "新宿", "03"),
	("141-0031", "東京都品川区", "西五反田", "03"),
	("141-0032", "東京都品川区", "大崎", "03"),
	("140-0002", "東京都品川区", "東品川", "03"),
	("170-0013", "東京都豊島区", "東池袋", "03"),
	("171-0022", "東京都豊島区", "南池袋", "03"),
	("113-0033", "東京都文京区", "本郷", "03"),
	("110-0005", "東京都台東区", "上野", "03"),
	("131-0045", "東京都墨田区", "押上", "03"),
	("180-0004", "東京都武蔵野市", "吉祥寺本町", "0422"),
	("190-0012", "東京都立川市", "曙町", "042"),
	("530-0001", "大阪府大阪市北区", "梅田", "06"),
	("541-0041", "大阪府大阪市中央区", "北浜", "06"),
	("542-0076", "大阪府大阪市中央区", "難波", "06"),
	("541-0053", "大阪府大阪市中央区", "本町", "06"),
	("550-0002", "大阪府大阪市西区", "江戸堀", "06"),
	("532-0011", "大阪府大阪市淀川区", "西中島", "06"),
	("060-0001", "北海道札幌市中央区", "北一条西", "011"),
	("060-0005", "北海道札幌市中央区", "北五条西", "011"),
	("060-0042", "北海道札幌市中央区", "大通西", "011"),
	("460-0008", "愛知県名古屋市中区", "栄", "052"),
	("450-0002", "愛知県名古屋市中村区", "名駅", "052"),
	("460-0003", "愛知県名古屋市中区", "錦", "052"),
	("810-0001", "福岡県福岡市中央区", "天神", "092"),
	("812-0011", "福岡県福岡市博多区", "博多駅前", "092"),
	("220-0012", "神奈川県横浜市西区", "みなとみらい", "045"),
	("231-0023", "神奈川県横浜市中区", "山下町", "045"),
	("220-0011", "神奈川県横浜市西区", "高島", "045"),
	("210-0007", "神奈川県川崎市川崎区", "駅前本町", "044"),
	("980-0021", "宮城県仙台市青葉区", "中央", "022"),
	("980-0811", "宮城県仙台市青葉区", "一番町", "022"),
	("650-0001", "兵庫県神戸市中央区", "加納町", "078"),
	("651-0087", "兵庫県神戸市中央区", "御幸通", "078"),
	("730-0011", "広島県広島市中区", "基町", "082"),
	("730-0031", "広島県広島市中区", "紙屋町", "082"),
	("330-0854", "埼玉県さいたま市大宮区", "桜木町", "048"),
	("260-0013", "千葉県千葉市中央区", "中央", "043"),
	("261-0023", "千葉県千葉市美浜区", "中瀬", "043"),
	("420-0852", "静岡県静岡市葵区", "紺屋町", "054"),
	("950-0087", "新潟県新潟市中央区", "東大通", "025"),
	("920-0853", "石川県金沢市", "本町", "076"),
	("700-0024", "岡山県岡山市北区", "駅元町", "086"),
	("760-0019", "香川県高松市", "サンポート", "087"),
	("790-0001", "愛媛県松山市", "一番町", "089"),
	("860-0806", "熊本県熊本市中央区", "花畑町", "096"),
	("890-0053", "鹿児島県鹿児島市", "中央町", "099"),
	("900-0015", "沖縄県那覇市", "久茂地", "098"),
	("380-0823", "長野県長野市", "南千歳", "026"),
	("370-0841", "群馬県高崎市", "栄町", "027"),
	("310-0015", "茨城県水戸市", "宮町", "029"),
	("320-0802", "栃木県宇都宮市", "江野町", "028"),
]
# Towns whose name already ends in a number word take banchi only.
NO_CHOME = {"北一条西", "北五条西", "大通西", "一番町", "名駅", "中瀬"}

# Company stems: printed name, domain stem.
JA_COMPANIES = [
	("サクラシステムズ", "sakura-systems"), ("アオバテクノロジー", "aoba-tech"),
	("ミナトロジスティクス", "minato-logi"), ("ヒカリネットワークス", "hikari-nw"),
	("東洋精機", "toyo-seiki"), ("日本データサービス", "nds"),
	("北斗エンジニアリング", "hokuto-eng"), ("大和商事", "yamato-shoji"),
	("富士ソリューションズ", "fuji-solutions"), ("みらい設計", "mirai-sekkei"),
	("ツバサ広告", "tsubasa-ad"), ("中央物産", "chuo-bussan"),
	("アサヒ電子工業", "asahi-denshi"), ("シンワ建設", "shinwa-kensetsu"),
	("グリーンフィールド", "greenfield"), ("ハーモニーデザイン", "harmony-design"),
	("青葉フーズ", "aoba-foods"), ("ソラ・コンサルティング", "sora-consulting"),
	("東邦メディカル", "toho-medical"), ("関西ケミカル", "kansai-chemical"),
	("ネクストビジョン", "nextvision"), ("山河不動産", "sanga-fudosan"),
	("日の出印刷", "hinode-print"), ("マルヤマ食品", "maruyama-foods"),
	("テクノブリッジ", "technobridge"), ("エムケイ商会", "mk-shokai"),
	("未来創研", "mirai-soken"), ("星野製作所", "hoshino-ss"),
	("ブルーオーシャン", "blueocean"), ("桜井総合研究所", "sakurai-ri"),
	("アークライト", "arclight"), ("瑞穂リサーチ", "mizuho-research"),
	("コスモ情報システム", "cosmo-is"), ("白樺ホールディングス", "shirakaba-hd"),
	("リンクスタッフ", "linkstaff"), ("ユニバーサル通商", "universal-tsusho"),
]
JA_DEPTS = [
	"営業部", "第一営業部", "営業本部 第二営業部", "技術本部 開発課",
	"マーケティング部", "経営企画室", "総務部", "人事部", "経理部",
	"情報システム部", "海外事業部", "品質保証部", "カスタマーサポート部",
	"研究開発センター", "事業開発部", "法人営業部 東日本営業課",
	"製造部 生産管理課", "広報室", "設計部", "管理本部 総務課",
]
JA_TITLES = [
	"部長", "課長", "主任", "係長", "次長", "マネージャー", "リーダー",
	"シニアエンジニア", "チーフ", "担当部長", "課長代理", "主査",
	"エンジニア", "コンサルタント", "プロジェクトマネージャー", "",
]
JA_EXEC_TITLES = ["代表取締役社長", "代表取締役", "取締役", "常務取締役",
		  "執行役員", "取締役副社長", "専務取締役"]
BUILDINGS = ["{t}ビル", "{t}タワー", "第二{t}ビル", "{s}ビル", "{s}センタービル",
	     "{t}スクエア", "{s}会館", "{t}プレイス"]

EN_FIRST = ["John", "Emily", "Michael", "Sarah", "David", "Jessica", "James",
	    "Laura", "Robert", "Anna", "Daniel", "Olivia", "Thomas", "Rachel",
	    "Christopher", "Megan", "Andrew", "Hannah", "Matthew", "Sophie",
	    "Kevin", "Grace", "Brian", "Natalie", "Peter", "Claire", "Mark",
	    "Helen", "Steven", "Alice", "Ryan", "Victoria", "Jason", "Karen",
	    "Eric", "Lisa", "Paul", "Amanda", "Samuel", "Julia"]
EN_LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller",
	   "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore",
	   "Martin", "Jackson", "Thompson", "White", "Harris", "Clark",
	   "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
	   "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell",
	   "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner",
	   "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy",
	   "Cook", "Rogers", "Morgan", "Cooper", "Bennett", "Hughes"]
EN_COMPANIES = [
	("Northwind Analytics", "northwind-analytics"),
	("Bluefield Systems", "bluefield"), ("Harbor & Finch", "harborfinch"),
	("Crescent Data", "crescentdata"), ("Summit Ridge Partners", "summitridge"),
	("Pacific Rim Trading", "pacrim-trading"), ("Lumen Robotics", "lumenrobotics"),
	("Granite Peak Software", "granitepeak"), ("Evergreen Health", "evergreenhealth"),
	("Atlas Freight", "atlasfreight"), ("Copperleaf Studio", "copperleaf"),
	("Redwood Capital", "redwoodcap"), ("Brightline Media", "brightline"),
	("Silverlake Labs", "silverlakelabs"), ("Orion Biotech", "orionbio"),
	("Kestrel Security", "kestrelsec"), ("Maple & Stone", "maplestone"),
	("Vantage Point Consulting", "vantagepoint"),
]
EN_FORMS = ["Inc.", "Ltd.", "LLC", "Corporation", "Co., Ltd.", "Group",
	    "Limited", "LLP"]
EN_TITLES = ["Sales Director", "Senior Software Engineer",
	     "Account Executive", "VP of Marketing", "Chief Technology Officer",
	     "Product Manager", "Head of Partnerships", "Regional Sales Manager",
	     "Customer Success Lead", "Founder & CEO", "Managing Director",
	     "Business Development Manager", "Data Scientist",
	     "Director of Operations", "Solutions Architect"]
EN_DEPTS = ["Enterprise Sales", "Engineering", "Marketing", "Operations",
	    "Asia Pacific", "Research & Development", "Global Partnerships"]
# street, city line without postcode, postcode, phone prefix, country line
EN_PLACES = [
	("1 Market Street", "San Francisco, CA", "94105", "us", "415"),
	("350 Fifth Avenue", "New York, NY", "10118", "us", "212"),
	("233 South Wacker Drive", "Chicago, IL", "60606", "us", "312"),
	("500 Boylston Street", "Boston, MA", "02116", "us", "617"),
	("1201 Third Avenue", "Seattle, WA", "98101", "us", "206"),
	("100 Congress Avenue", "Austin, TX", "78701", "us", "512"),
	("3000 El Camino Real", "Palo Alto, CA", "94306", "us", "650"),
	("200 Park Avenue", "New York, NY", "10166", "us", "212"),
	("1100 Peachtree Street NE", "Atlanta, GA", "30309", "us", "404"),
	("555 California Street", "San Francisco, CA", "94104", "us", "415"),
	("601 West 5th Street", "Los Angeles, CA", "90071", "us", "213"),
	("1700 Lincoln Street", "Denver, CO", "80203", "us", "303"),
	("25 Old Broad Street", "London", "EC2N 1HN", "uk", "20"),
	("1 Spinningfields", "Manchester", "M3 3AP", "uk", "161"),
	("30 St Mary Axe", "London", "EC3A 8EP", "uk", "20"),
	("8 Lochside Place", "Edinburgh", "EH12 9DF", "uk", "131"),
]

KANJI_DIGIT = "〇一二三四五六七八九"
PALETTE = [(20, 40, 90), (0, 85, 160), (0, 110, 80), (180, 30, 40),
	   (220, 110, 20), (0, 120, 130), (90, 50, 130), (40, 40, 40),
	   (150, 120, 40), (200, 60, 110)]


def kanji_num(n):
	"""Write 1..99 the way addresses do: 12 -> 十二, 20 -> 二十."""
	if n < 10:
		return KANJI_DIGIT[n]
	t, u = divmod(n, 10)
	s = ("" if t == 1 else KANJI_DIGIT[t]) + "十"
	return s + (KANJI_DIGIT[u] if u else "")


def kanji_digits(s):
	return "".join(KANJI_DIGIT[int(c)] if c.isdigit() else c for c in s)


# ------------------------------------------------------------- content ---

def ja_phone(r, area):
	"""A number of the right shape for its area code."""
	rest = 10 - len(area)  # Japanese fixed numbers have 10 digits.
	digits = "".join(str(r.randint(0, 9)) for _ in range(rest))
	if digits[0] == "0":
		digits = str(r.randint(2, 9)) + digits[1:]
	return "%s-%s-%s" % (area, digits[:rest - 4], digits[rest - 4:])


def ja_mobile(r):
	return "%s-%04d-%04d" % (r.choice(["090", "080", "070"]),
				 r.randint(1000, 9999), r.randint(0, 9999))


def ja_fax(r, phone):
	a, b, c = phone.split("-")
	n = (int(c) + r.choice([1, 1, 2, 9, 10, 50, 100])) % 10000
	return "%s-%s-%04d" % (a, b, n)


def make_ja_content(r, vertical):
	fam = r.choice(SURNAME_LIST)
	giv = r.choice(GIVEN_LIST)
	stem, dom = r.choice(JA_COMPANIES)
	form = r.choices(["kk_pre", "kk_post", "kk_abbr", "godo", "ippan",
			  "yugen"], [40, 25, 8, 10, 10, 7])[0]
	company = {"kk_pre": "株式会社" + stem, "kk_post": stem + "株式会社",
		   "kk_abbr": "(株)" + stem, "godo": "合同会社" + stem,
		   "ippan": "一般社団法人" + stem, "yugen": "有限会社" + stem}[form]
	tld = {"ippan": ".or.jp"}.get(form, r.choice([".co.jp"] * 5 +
						      [".jp", ".com"]))
	domain = dom + tld
	if r.random() < 0.1:  # Sometimes an unrelated domain.
		domain = r.choice(JA_COMPANIES)[1] + "-group.jp"
	c = {"kind": "ja-vertical" if vertical else "ja-horizontal"}
	c["family_name"], c["given_name"] = fam[0], giv[0]
	c["name"] = fam[0] + " " + giv[0]
	c["_reading"] = fam[1] + " " + giv[1]
	c["_latin_parts"] = (fam[2], giv[2])
	c["company"] = company
	if r.random() < 0.15:
		c["department"] = ""
		c["title"] = {"ippan": r.choice(["代表理事", "理事", "事務局長"]),
			      "godo": r.choice(["代表社員", "業務執行社員"])}.get(
			form, r.choice(JA_EXEC_TITLES))
	else:
		c["department"] = r.choice(JA_DEPTS)
		c["title"] = r.choice(JA_TITLES)
	postal, city, town, area = r.choice(JA_PLACES)
	c["postal_code"] = postal
	c["_place"] = (city, town)
	c["_banchi"] = (r.randint(1, 9), r.randint(1, 30), r.randint(1, 25))
	c["_building"] = None
	if r.random() < 0.7:
		b = r.choice(BUILDINGS).format(t=town, s=stem[:4])
		c["_building"] = (b, r.randint(2, 28))
	c["phone"] = ja_phone(r, area)
	c["fax"] = ja_fax(r, c["phone"]) if r.random() < 0.6 else ""
	c["mobile"] = ja_mobile(r) if r.random() < 0.45 else ""
	lat = fam[2].lower(), giv[2].lower()
	local = r.choice(["{g0}.{f}", "{f}", "{g}.{f}", "{f}-{g0}", "{f}.{g}",
			  "{f}{g0}", "{g}"]).format(
		f=lat[0], g=lat[1], g0=lat[1][0])
	c["email"] = (local + "@" + domain) if r.random() < 0.9 else ""
	c["url"] = ""
	if r.random() < 0.65:
		c["url"] = r.choice(["https://www.", "www.", "http://www.",
				     "https://"]) + domain
	return c


def en_phone(r, country, area, fmt):
	n = r.randint(100, 199)
	if country == "us":
		return fmt.format(a=area, n="%04d" % n)
	if area == "20":
		return "+44 20 7946 0%03d" % r.randint(0, 999)
	return "+44 %s 496 0%03d" % (area, r.randint(0, 999))


def make_en_content(r):
	first, last = r.choice(EN_FIRST), r.choice(EN_LAST)
	stem, dom = r.choice(EN_COMPANIES)
	street, city, post, country, area = r.choice(EN_PLACES)
	form = r.choice(EN_FORMS if country == "us" else
			["Ltd.", "Limited", "LLP", "Group"])
	sep = ", " if form in ("Inc.", "Co., Ltd.") and r.random() < 0.6 else " "
	c = {"kind": "en", "family_name": last, "given_name": first}
	middle = (" " + r.choice("ABCDEJKLMRST") + ".") if r.random() < 0.15 else ""
	c["name"] = first + middle + " " + last
	c["company"] = stem + sep + form
	c["title"] = r.choice(EN_TITLES)
	c["department"] = r.choice(EN_DEPTS) if r.random() < 0.3 else ""
	tld = ".com" if country == "us" else r.choice([".co.uk", ".com"])
	domain = dom + tld
	lines = [street]
	if r.random() < 0.4:
		lines.append(r.choice(["Suite %d" % r.randint(100, 4500),
				       "Floor %d" % r.randint(2, 40),
				       "Level %d" % r.randint(2, 30)]))
	c["_addr_lines"] = lines
	c["_city"] = city
	c["postal_code"] = post
	c["_country"] = r.choice(["", "", "USA" if country == "us" else
				  "United Kingdom"])
	fmt = r.choice(["+1 {a}-555-{n}", "({a}) 555-{n}", "{a}.555.{n}",
			"+1 ({a}) 555-{n}", "{a}-555-{n}"])
	c["phone"] = en_phone(r, country, area, fmt)
	c["fax"] = en_phone(r, country, area, fmt) if r.random() < 0.2 else ""
	if r.random() < 0.55:
		c["mobile"] = (fmt.format(a=area, n="%04d" % r.randint(100, 199))
			       if country == "us" else
			       "+44 7700 900%03d" % r.randint(0, 999))
	else:
		c["mobile"] = ""
	local = r.choice(["{f}.{l}", "{f0}{l}", "{f}", "{f}{l0}"]).format(
		f=first.lower(), l=last.lower(), f0=first[0].lower(),
		l0=last[0].lower())
	c["email"] = local + "@" + domain
	c["url"] = (r.choice(["www.", "https://www.", "https://", ""]) + domain
		    if r.random() < 0.7 else "")
	c["_country_code"] = country
	return c


# ------------------------------------------------------------- drawing ---

class Card:
	"""A flat card being drawn, with helpers in card-relative units."""

	def __init__(self, w, h, paper, ink):
		self.w, self.h = w, h
		self.im = Image.new("RGB", (w, h), paper)
		self.d = ImageDraw.Draw(self.im)
		self.paper, self.ink = paper, ink
		self.boxes = []  # ink boxes of everything drawn, for clashes
		self.strings = []  # every string drawn, for the truth check

	def box(self, b):
		self.boxes.append(tuple(int(v) for v in b))

	def clashes(self, edge=24, gutter=40):
		"""True when two drawn items overlap or one leaves the card."""
		bs = self.boxes
		for b in bs:
			if b[0] < edge or b[1] < edge or b[2] > self.w - edge or \
			   b[3] > self.h - edge:
				return True
		for i in range(len(bs)):
			a = bs[i]
			for b in bs[i + 1:]:
				# Side by side needs a clear gutter (40 px, about
				# 1.7 mm, on horizontal cards); stacked lines need a
				# little air.
				if a[0] < b[2] + gutter and b[0] < a[2] + gutter and \
				   a[1] < b[3] + 6 and b[1] < a[3] + 6:
					return True
		return False

	def text(self, x, y, s, f, fill=None, anchor="la", spacing=0):
		"""Draw s with its ascender top-left (or anchor) at x, y; return
		the bottom y.  spacing adds letter spacing in pixels."""
		fill = fill or self.ink
		if not s:
			return y
		self.strings.append(s)
		if spacing:
			wtot = sum(f.getlength(ch) for ch in s) + spacing * (len(s) - 1)
			if anchor[0] == "m":
				x -= wtot / 2
			elif anchor[0] == "r":
				x -= wtot
			b0 = self.d.textbbox((x, y), s, font=f, anchor="l" + anchor[1])
			self.box((b0[0], b0[1], x + wtot, b0[3]))
			for ch in s:
				self.d.text((x, y), ch, font=f, fill=fill,
					    anchor="l" + anchor[1])
				x += f.getlength(ch) + spacing
		else:
			self.d.text((x, y), s, font=f, fill=fill, anchor=anchor)
			self.box(self.d.textbbox((x, y), s, font=f, anchor=anchor))
		asc, desc = f.getmetrics()
		if anchor[1] != "a":
			return y + f.size * 0.6
		return y + asc + desc * 0.5

	def width(self, s, f):
		return f.getlength(s)

	def vtext(self, x, y, s, f, fill=None):
		"""Vertical text, column centred on x, starting at top y; return
		the bottom y."""
		fill = fill or self.ink
		self.strings.append(s)
		self.d.text((x, y), s, font=f, fill=fill, anchor="mt",
			    direction="ttb", features=["vert"])
		b = self.d.textbbox((x, y), s, font=f, anchor="mt",
				    direction="ttb", features=["vert"])
		self.box(b)
		return b[3]

	def vheight(self, s, f):
		b = self.d.textbbox((0, 0), s, font=f, anchor="mt",
				    direction="ttb", features=["vert"])
		return b[3] - b[1]

	def vtext_rot(self, x, y, s, f, fill=None):
		"""Latin text turned 90 degrees clockwise in a vertical card."""
		fill = fill or self.ink
		self.strings.append(s)
		w = int(f.getlength(s)) + 4
		hh = int(f.size * 1.4)
		tile = Image.new("L", (w, hh), 0)
		ImageDraw.Draw(tile).text((2, hh * 0.1), s, font=f, fill=255,
					  anchor="la")
		tile = tile.rotate(-90, expand=True)
		px, py = int(x - tile.size[0] / 2), int(y)
		self.im.paste(Image.new("RGB", tile.size, fill), (px, py), tile)
		bb = tile.getbbox() or (0, 0, 1, 1)
		self.box((px + bb[0], py + bb[1], px + bb[2], py + bb[3]))
		return y + tile.size[1]


def logo_mark(card, r, x, y, size, color, on=None):
	"""Draw a simple company mark with its top-left at x, y."""
	d = card.d
	s = size
	card.box((x, y, x + s, y + s))
	kind = r.choice(["circle", "square", "tri", "bars", "leaf", "ring",
			 "diamond", "hex"])
	bg = on or card.paper
	if kind == "circle":
		d.ellipse([x, y, x + s, y + s], fill=color)
		d.ellipse([x + s * .3, y + s * .3, x + s * .7, y + s * .7], fill=bg)
	elif kind == "square":
		d.rectangle([x, y, x + s, y + s], fill=color)
		d.rectangle([x + s * .55, y + s * .1, x + s * .9, y + s * .45],
			    fill=bg)
	elif kind == "tri":
		d.polygon([(x + s / 2, y), (x + s, y + s), (x, y + s)], fill=color)
	elif kind == "bars":
		for i in range(3):
			d.rectangle([x + i * s * .36, y + s * (0.6 - i * 0.3),
				     x + i * s * .36 + s * .25, y + s], fill=color)
	elif kind == "leaf":
		d.ellipse([x, y + s * .2, x + s * .7, y + s], fill=color)
		d.ellipse([x + s * .3, y, x + s, y + s * .8], fill=color)
	elif kind == "ring":
		d.ellipse([x, y, x + s, y + s], outline=color,
			  width=max(2, int(s * .14)))
		d.ellipse([x + s * .35, y + s * .35, x + s * .65, y + s * .65],
			  fill=color)
	elif kind == "diamond":
		d.polygon([(x + s / 2, y), (x + s, y + s / 2), (x + s / 2, y + s),
			   (x, y + s / 2)], fill=color)
	else:
		pts = [(x + s / 2 + s / 2 * math.cos(a), y + s / 2 +
			s / 2 * math.sin(a)) for a in
		       [math.pi / 3 * k + math.pi / 6 for k in range(6)]]
		d.polygon(pts, fill=color)


def ja_address_lines(c, r, vertical):
	"""Return (lines, truth address).  Horizontal cards use Arabic digits
	in one of several styles; vertical cards use kanji numerals."""
	city, town = c["_place"]
	a, b, n = c["_banchi"]
	no_chome = town in NO_CHOME
	if vertical:
		if no_chome:
			num = kanji_num(b) + "番" + kanji_num(n) + "号"
		else:
			num = kanji_num(a) + "丁目" + kanji_num(b) + "番" + \
				kanji_num(n) + "号"
	else:
		style = r.choice(["dash", "dash", "dash", "chome", "chome2"])
		if no_chome:
			num = "%d-%d" % (b, n) if style == "dash" else \
				"%d番%d号" % (b, n)
		elif style == "dash":
			num = "%d-%d-%d" % (a, b, n)
		elif style == "chome":
			num = "%d丁目%d番%d号" % (a, b, n)
		else:
			num = "%d丁目%d-%d" % (a, b, n)
	line1 = city + town + num
	lines = [line1]
	if c["_building"]:
		bname, fl = c["_building"]
		if vertical:
			lines.append(bname + " " + kanji_num(fl) + "階")
		else:
			lines.append(bname + " " + r.choice(["%dF", "%d階", "%dF"]) %
				     fl)
	split = r.random() < 0.25 and len(lines) == 1 and not vertical
	if split:  # Prefecture+city on one line, the rest on the next.
		lines = [city, town + num]
	c["address"] = " ".join(lines)
	return lines


def contact_lines(c, r, style, en=False):
	"""Lines of the contact block in a label style."""
	L = {
		"TEL": ("TEL ", "FAX ", "携帯 ", "E-mail ", "URL "),
		"TEL:": ("TEL: ", "FAX: ", "Mobile: ", "E-mail: ", "URL: "),
		"T/F": ("T ", "F ", "M ", "E ", "W "),
		"T.": ("T. ", "F. ", "M. ", "E. ", "W. "),
		"電話": ("電話 ", "FAX ", "携帯 ", "Mail ", ""),
		"TEL/": ("TEL/", "FAX/", "携帯/", "Mail/", ""),
		"Tel.": ("Tel. ", "Fax. ", "Mobile ", "Email ", ""),
		"Phone": ("Phone ", "Fax ", "Mobile ", "Email ", "Web "),
		"Cell": ("Office: ", "Fax: ", "Cell: ", "", ""),
		"none": ("", "FAX ", "", "", ""),
	}[style]
	ph = [("phone", L[0]), ("fax", L[1]), ("mobile", L[2])]
	items = [(lab + c[k]) for k, lab in ph if c[k]]
	lines = []
	if len(items) >= 2 and r.random() < 0.45:
		joiner = r.choice(["  ", "   ", " / ", "  |  "])
		lines.append(joiner.join(items[:2]))
		lines += items[2:]
	else:
		lines += items
	if c["email"]:
		lines.append(L[3] + c["email"])
	if c["url"]:
		lines.append(L[4] + c["url"])
	return lines


def latin_name(c, r):
	fam, giv = c["_latin_parts"]
	return r.choice(["{g} {f}", "{F} {g}", "{g} {F}", "{F} {G}"]).format(
		f=fam, g=giv, F=fam.upper(), G=giv.upper())


# --- horizontal Japanese and English layouts -------------------------------

def pick_common(c, r, face, en):
	"""Decide the shared style of a horizontal card."""
	s = {}
	s["accent"] = r.choice(PALETTE)
	s["name_px"] = r.randint(125, 190)
	s["name_bold"] = r.random() < 0.5
	s["small_px"] = r.randint(50, 62)
	s["co_px"] = r.randint(64, 92)
	s["name_gap"] = r.random() < 0.8  # Gap between family and given name.
	if en:
		s["labels"] = r.choice(["Tel.", "Phone", "T/F", "T.", "TEL:",
					"Cell"])
	else:
		s["labels"] = r.choice(["TEL", "TEL", "TEL:", "T/F", "電話", "TEL/",
					"Tel.", "none"])
	if s["labels"] == "none":
		c["fax"] = c["mobile"] = ""
	if s["labels"] == "Cell":
		c["email"] = c["email"]  # Email printed without a label.
	return s


def name_block(card, c, r, s, face, x, y, anchor, en):
	"""Draw the reading, name and latin line; return the bottom y."""
	fn = face.bold(s["name_px"]) if s["name_bold"] else face.reg(s["name_px"])
	sm = face.reg(int(s["small_px"] * 0.9))
	if en:
		y = card.text(x, y, c["name"], fn, anchor=anchor)
		return y + s["name_px"] * 0.15
	shown = c["family_name"] + ("\u3000" if s["name_gap"] else "") + \
		c["given_name"]
	if s["reading"] == "above":
		y = card.text(x, y, c["name_reading"], sm, anchor=anchor,
			      spacing=r.choice([0, 0, 6]))
		y += s["small_px"] * 0.25
	y = card.text(x, y, shown, fn, anchor=anchor,
		      spacing=r.choice([0, 0, 10, 20]))
	y += s["name_px"] * 0.04
	if s["reading"] == "below":
		y = card.text(x, y, c["name_reading"], sm, anchor=anchor)
		y += s["small_px"] * 0.2
	if c["name_latin"]:
		lf = font(DJV + ("DejaVuSans.ttf" if face.kind == "sans" else
				 "DejaVuSerif.ttf"), int(s["small_px"] * 0.95))
		y = card.text(x, y, c["name_latin"], lf, anchor=anchor)
		y += s["small_px"] * 0.2
	return y


def addr_lines_for(c, r, en):
	if en:
		city = c["_city"] + " " + c["postal_code"]
		lines = list(c["_addr_lines"])
		if r.random() < 0.4 and len(lines) == 2:
			lines = [lines[0] + ", " + lines[1]]
		lines.append(city + ((", " + c["_country"]) if c["_country"] else ""))
		tl = list(c["_addr_lines"]) + [c["_city"]]
		if c["_country"]:
			tl.append(c["_country"])
		c["address"] = ", ".join(tl)
		return lines
	lines = ja_address_lines(c, r, False)
	pc = r.choice(["〒%s", "〒%s", "〒 %s", "〒%s"]) % c["postal_code"]
	if r.random() < 0.6:
		return [pc + " " + lines[0]] + lines[1:]
	return [pc] + lines


def draw_lines(card, lines, f, x, y, anchor, lead=1.32):
	for ln in lines:
		card.text(x, y, ln, f, anchor=anchor)
		y += f.size * lead
	return y


def block_height(lines, f, lead=1.32):
	return len(lines) * f.size * lead


def layout_h(card, c, r, face, en, template):
	W, H = card.w, card.h
	s = pick_common(c, r, face, en)
	s["reading"] = "none" if en else r.choice(["above", "above", "below",
						   "none"])
	if s["reading"] == "none":
		c["name_reading"] = ""
	else:
		c["name_reading"] = c["_reading"]
	if not en and r.random() < 0.4:
		c["name_latin"] = latin_name(c, r)
	else:
		c["name_latin"] = ""
	m = int(W * r.uniform(0.055, 0.08))
	sm = face.reg(s["small_px"])
	cof = face.bold(s["co_px"]) if r.random() < 0.6 else face.reg(s["co_px"])
	dept_title = [x for x in (c["department"], c["title"]) if x]
	if len(dept_title) == 2 and r.random() < 0.5:
		dept_title = [c["department"] + "  " + c["title"]]
		if en:
			dept_title = [c["title"] + ", " + c["department"]]
	addr = addr_lines_for(c, r, en)
	cont = contact_lines(c, r, s["labels"], en)
	acc = s["accent"]
	white = (255, 255, 255)
	logo_sz = int(s["co_px"] * r.uniform(1.1, 1.6))

	if template == "left":
		y = m
		if r.random() < 0.7:
			logo_mark(card, r, m, y, logo_sz, acc)
			card.text(m + logo_sz * 1.25, y + logo_sz / 2, c["company"],
				  cof, fill=acc if r.random() < 0.4 else None,
				  anchor="lm")
			y += logo_sz + m * 0.5
		else:
			y = card.text(m, y, c["company"], cof) + m * 0.4
		y = draw_lines(card, dept_title, sm, m, y, "la")
		y += s["small_px"] * 0.3
		name_block(card, c, r, s, face, m, y, "la", en)
		lines = addr + cont
		y = H - m - block_height(lines, sm)
		draw_lines(card, lines, sm, m, y, "la")
	elif template == "centred":
		y = m * 0.9
		cx = W / 2
		if r.random() < 0.5:
			logo_mark(card, r, cx - logo_sz / 2, y, logo_sz, acc)
			y += logo_sz * 1.15
		y = card.text(cx, y, c["company"], cof, anchor="ma") + m * 0.3
		y = draw_lines(card, dept_title, sm, cx, y, "ma")
		y += s["small_px"] * 0.4
		name_block(card, c, r, s, face, cx, y, "ma", en)
		lines = addr + cont
		y = H - m * 0.8 - block_height(lines, sm)
		draw_lines(card, lines, sm, cx, y, "ma")
	elif template == "two-column":
		y = m
		logo_mark(card, r, W - m - logo_sz, m, logo_sz, acc)
		y = card.text(m, y, c["company"], cof) + m * 0.35
		card.d.line([m, y, W - m, y], fill=acc, width=6)
		y += m * 0.45
		y = draw_lines(card, dept_title, sm, m, y, "la")
		y += s["small_px"] * 0.3
		name_block(card, c, r, s, face, m, y, "la", en)
		# Address bottom-left, numbers bottom-right.
		y = H - m - block_height(addr, sm)
		draw_lines(card, addr, sm, m, y, "la")
		y = H - m - block_height(cont, sm)
		draw_lines(card, cont, sm, W - m, y, "ra")
	elif template == "band-top":
		bh = int(H * r.uniform(0.2, 0.26))
		card.d.rectangle([0, 0, W, bh], fill=acc)
		logo_mark(card, r, m, (bh - logo_sz) / 2, logo_sz, white, on=acc)
		card.text(m + logo_sz * 1.3, bh / 2, c["company"], cof, fill=white,
			  anchor="lm")
		y = bh + m * 0.6
		y = draw_lines(card, dept_title, sm, m, y, "la")
		y += s["small_px"] * 0.2
		name_block(card, c, r, s, face, m, y, "la", en)
		lines = addr + cont
		y = H - m * 0.8 - block_height(lines, sm)
		draw_lines(card, lines, sm, m, y, "la")
	elif template == "band-left":
		bw = int(W * r.uniform(0.14, 0.2))
		card.d.rectangle([0, 0, bw, H], fill=acc)
		ls = int(bw * 0.55)
		logo_mark(card, r, (bw - ls) / 2, m, ls, white, on=acc)
		x = bw + m
		y = m
		y = card.text(x, y, c["company"], cof, fill=acc) + m * 0.4
		y = draw_lines(card, dept_title, sm, x, y, "la")
		y += s["small_px"] * 0.3
		name_block(card, c, r, s, face, x, y, "la", en)
		lines = addr + cont
		y = H - m * 0.8 - block_height(lines, sm)
		draw_lines(card, lines, sm, x, y, "la")
	elif template == "right":  # held-out: right-aligned text
		logo_mark(card, r, m, m, logo_sz, acc)
		x = W - m
		y = m
		y = card.text(x, y, c["company"], cof, anchor="ra") + m * 0.4
		y = draw_lines(card, dept_title, sm, x, y, "ra")
		y += s["small_px"] * 0.3
		name_block(card, c, r, s, face, x, y, "ra", en)
		lines = addr + cont
		y = H - m - block_height(lines, sm)
		draw_lines(card, lines, sm, x, y, "ra")
	elif template == "band-bottom":  # held-out: numbers on a dark band
		lines = addr + cont
		bh = int(block_height(lines, sm) + m * 0.9)
		card.d.rectangle([0, H - bh, W, H], fill=acc)
		yy = H - bh + m * 0.45
		for ln in lines:
			card.text(m, yy, ln, sm, fill=white)
			yy += sm.size * 1.32
		y = m
		logo_mark(card, r, W - m - logo_sz, m, logo_sz, acc)
		y = card.text(m, y, c["company"], cof) + m * 0.3
		y = draw_lines(card, dept_title, sm, m, y, "la")
		y += s["small_px"] * 0.2
		name_block(card, c, r, s, face, m, y, "la", en)
	else:  # "name-first", held-out: name at top, company bottom-right
		y = m
		y = draw_lines(card, dept_title, sm, m, y, "la")
		y = name_block(card, c, r, s, face, m, y, "la", en)
		lines = addr + cont
		yb = H - m - block_height(lines, sm)
		draw_lines(card, lines, sm, m, yb, "la")
		logo_mark(card, r, W - m - logo_sz, m, logo_sz, acc)
		card.text(W - m, yb - cof.size * 1.6, c["company"], cof,
			  anchor="ra", fill=acc)


# --- vertical Japanese layout ----------------------------------------------

def layout_v(card, c, r, face, template):
	W, H = card.w, card.h
	acc = r.choice(PALETTE)
	m = int(W * r.uniform(0.08, 0.11))
	sm_px = r.randint(50, 58)
	sm = face.reg(sm_px)
	name_px = r.randint(150, 200)
	fn = face.bold(name_px) if r.random() < 0.5 else face.reg(name_px)
	cof = face.bold(r.randint(62, 80))
	kanji_numbers = r.random() < 0.5
	colstep = r.uniform(1.45, 1.8)
	c["name_latin"] = ""
	show_reading = r.random() < 0.6
	c["name_reading"] = c["_reading"] if show_reading else ""
	x = W - m - cof.size / 2
	y0 = m
	if r.random() < 0.6:  # logo mark above the company column
		ls = int(cof.size * 1.2)
		logo_mark(card, r, x - ls / 2, y0, ls, acc)
		y0 += ls * 1.3
	card.vtext(x, y0, c["company"], cof)
	x -= cof.size * 1.35
	for part in [c["department"], c["title"]]:
		if part:
			card.vtext(x, y0 + sm_px * 1.5, part.replace(" ", "\u3000"), sm)
			x -= sm_px * 1.45
	# Name in the middle, reading to its right.
	nx = W * r.uniform(0.48, 0.55)
	nx = min(nx, x - name_px * 0.55 - (sm_px if show_reading else 0))
	fam, giv = c["family_name"], c["given_name"]
	shown = fam + "\u3000" + giv
	nh = card.vheight(shown, fn)
	ny = max(H * 0.2, (H - nh) / 2 - H * 0.05)
	card.vtext(nx, ny, shown, fn)
	if show_reading:
		rf = face.reg(int(sm_px * 0.8))
		rfam, rgiv = c["_reading"].split(" ")
		rx = nx + name_px * 0.5 + rf.size * 0.75
		card.vtext(rx, ny, rfam, rf)
		card.vtext(rx, ny + name_px * (len(fam) + 1), rgiv, rf)
	# Address and numbers in columns to the left of the name.
	lines = ja_address_lines(c, r, True)
	x = nx - name_px * 0.5 - sm_px * 1.2
	ytop = H * r.uniform(0.3, 0.42)
	pc = c["postal_code"]
	pcs = "〒" + (kanji_digits(pc).replace("-", "ー") if kanji_numbers
		      else pc)
	if kanji_numbers:
		card.vtext(x, ytop, pcs, sm)
		x -= sm_px * colstep
	else:
		card.text(x + sm_px * 0.5, ytop - sm_px * 1.9, pcs, sm,
			  anchor="ra")
	for ln in lines:
		card.vtext(x, ytop, ln, sm)
		x -= sm_px * colstep
	if kanji_numbers:
		def kphone(p):
			a, b, cc = p.split("-")
			return kanji_digits(a) + "（" + kanji_digits(b) + "）" + \
				kanji_digits(cc)
		for key, lab in [("phone", "電話\u3000"), ("fax", "ＦＡＸ\u3000"),
				 ("mobile", "携帯\u3000")]:
			if c[key] and x > m + sm_px:
				card.vtext(x, ytop, lab + kphone(c[key]), sm)
				x -= sm_px * colstep
			else:
				c[key] = ""
		# Email and URL turned sideways in their own columns.
		lf = font(DJV + "DejaVuSans.ttf", int(sm_px * 0.85))
		for key in ["email", "url"]:
			if c[key] and x > m:
				card.vtext_rot(x, ytop, c[key], lf)
				x -= sm_px * 1.3
			else:
				c[key] = ""
	else:
		# Numbers written horizontally in a footer at the bottom left.
		cont = contact_lines(c, r, r.choice(["TEL", "TEL:", "T/F"]))
		lf = face.reg(int(sm_px * 0.85))
		widest = max(card.width(ln, lf) for ln in cont) if cont else 0
		if widest > W - 2 * m:
			lf = face.reg(int(lf.size * (W - 2 * m) / widest))
		yb = H - m - block_height(cont, lf)
		draw_lines(card, cont, lf, m, yb, "la")
	if x < m * 0.5:
		raise ValueError("vertical layout overflow")


# ------------------------------------------------------------ the card ---

def render_card(kind, seed, holdout):
	"""Draw a flat card; return (PIL image, truth dict)."""
	r = random.Random(seed)
	for attempt in range(60):
		rr = random.Random(r.getrandbits(64))
		if kind == "en":
			c = make_en_content(rr)
		else:
			c = make_ja_content(rr, kind == "ja-vertical")
		if kind == "en":
			faces = EN_FACES_HOLDOUT if holdout else EN_FACES_MAIN
		else:
			faces = JA_FACES_HOLDOUT if holdout else JA_FACES_MAIN
		face = Face(rr.choice(faces))
		paper = rr.choice([(250, 250, 247), (252, 252, 252), (246, 242, 230),
				   (240, 240, 236), (248, 246, 240), (235, 242, 248)])
		ink = rr.choice([(20, 20, 20), (35, 35, 40), (25, 35, 70),
				 (50, 50, 50)])
		if kind == "ja-vertical":
			card = Card(1300, 2150, paper, ink)
			try:
				layout_v(card, c, rr, face, None)
			except ValueError:
				continue
		else:
			w, h = (2100, 1200) if kind == "en" else (2150, 1300)
			card = Card(w, h, paper, ink)
			tpl = rr.choice(["right", "band-bottom", "name-first",
					 "centred"] if holdout else
					["left", "left", "centred", "two-column",
					 "band-top", "band-left"])
			layout_h(card, c, rr, face, kind == "en", tpl)
		if not card.clashes(gutter=6 if kind == "ja-vertical" else 40):
			break
	else:
		raise RuntimeError("no layout fitted for seed %d" % seed)
	truth = {k: c.get(k, "") for k in TRUTH_KEYS}
	truth["email"] = truth["email"].lower()
	truth["url"] = truth["url"].rstrip("/")
	if kind == "en":
		truth["name_reading"] = truth["name_latin"] = ""
	truth["kind"] = kind
	truth["seed"] = seed
	check_truth(truth, card.strings)
	return card.im, truth


def check_truth(t, strings):
	"""Fail loudly if a truth field is not what the card printed."""
	printed = "\n".join(strings).replace("\u3000", " ")
	keys = ["company", "title", "email", "url", "name_latin"]
	vertical_kanji = "電話" in printed and t["kind"] == "ja-vertical"
	if not vertical_kanji:
		keys += ["phone", "fax", "mobile"]
	if t["kind"] != "ja-vertical":
		keys.append("postal_code")
	for k in keys:
		if t[k] and t[k] not in printed:
			raise AssertionError("seed %d: %s %r not printed" %
					     (t["seed"], k, t[k]))
	sep = ", " if t["kind"] == "en" else " "
	for k in ["department", "address", "name_reading"]:
		for part in t[k].split(sep) if t[k] else []:
			if part not in printed:
				raise AssertionError("seed %d: %s part %r not "
						     "printed" % (t["seed"], k, part))
	for part in (t["family_name"], t["given_name"]):
		if part not in printed:
			raise AssertionError("seed %d: name part %r" %
					     (t["seed"], part))


TRUTH_KEYS = ["name", "family_name", "given_name", "name_reading",
	      "name_latin", "company", "department", "title", "postal_code",
	      "address", "phone", "fax", "mobile", "email", "url"]


# ---------------------------------------------------------- backgrounds ---

def smooth_noise(g, h, w, scale):
	"""Value noise: random grid upsampled smoothly."""
	gh, gw = max(2, int(h / scale) + 2), max(2, int(w / scale) + 2)
	small = Image.fromarray((g.random((gh, gw)) * 255).astype(np.uint8))
	big = small.resize((w, h), Image.BICUBIC)
	return np.asarray(big, dtype=np.float32) / 255.0


def aniso_noise(g, h, w, sy, sx):
	"""Value noise stretched: scale sy along y, sx along x."""
	gh, gw = max(2, int(h / sy) + 2), max(2, int(w / sx) + 2)
	small = Image.fromarray((g.random((gh, gw)) * 255).astype(np.uint8))
	big = small.resize((w, h), Image.BICUBIC)
	return np.asarray(big, dtype=np.float32) / 255.0


def background(g, r, w, h, holdout, only=None):
	kinds = (["marble", "cork", "mat", "denim", "darkdesk"] if holdout else
		 ["wood", "leather", "white", "grey", "newspaper", "cloth"])
	k = r.choice(kinds)
	if only:
		# A forced choice still draws from r first, so that the cards
		# of a set do not depend on --backgrounds.
		k = r.choice(only)
	yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
	if k == "wood":
		ang = r.uniform(-0.3, 0.3)
		u = xx * math.sin(ang) + yy * math.cos(ang)
		# Grain: rings along x, stretched noise along y.
		warp = aniso_noise(g, h, w, 400, 60) * 120 + \
			aniso_noise(g, h, w, 200, 6) * 10
		u = xx * math.cos(ang) - yy * math.sin(ang)
		v = np.sin((u + warp) / r.uniform(5, 12)) * 0.5 + 0.5
		v = v * 0.3 + aniso_noise(g, h, w, 300, 25) * 0.45
		base = np.array(r.choice([(150, 100, 60), (120, 80, 45),
					  (185, 140, 95), (90, 60, 40)]), np.float32)
		img = base * (0.75 + 0.5 * v[..., None])
	elif k == "leather":
		n = smooth_noise(g, h, w, 6) * 0.5 + smooth_noise(g, h, w, 30) * 0.5
		base = np.array(r.choice([(45, 30, 22), (30, 28, 28), (60, 35, 25)]),
				np.float32)
		img = base * (0.7 + 0.6 * n[..., None])
	elif k == "white":
		n = smooth_noise(g, h, w, 200)
		img = np.full((h, w, 3), r.uniform(215, 240), np.float32) * \
			(0.95 + 0.05 * n[..., None])
	elif k == "grey":
		n = smooth_noise(g, h, w, 8) * 0.3 + smooth_noise(g, h, w, 150) * 0.7
		v = r.uniform(110, 170)
		img = np.full((h, w, 3), v, np.float32) * (0.85 + 0.25 * n[..., None])
	elif k == "newspaper":
		im = Image.new("L", (w, h), r.randint(205, 225))
		d = ImageDraw.Draw(im)
		fpx = max(12, int(h / r.uniform(45, 75)))
		f = font(NOTO + "NotoSerifCJK-Regular.ttc", fpx, 0)
		chars = [chr(cp) for cp in range(0x4E00, 0x4E00 + 2000, 7)] + \
			list("のにはをたがでてとしれさあるいうかなもこ")
		cols = r.randint(3, 5)
		colw = w / cols
		for ci in range(cols):
			y = fpx
			x0 = ci * colw + fpx
			while y < h - fpx:
				n = int((colw - 2 * fpx) / fpx)
				s = "".join(r.choice(chars) for _ in range(max(1, n)))
				d.text((x0, y), s, font=f, fill=r.randint(90, 140))
				y += fpx * 1.5
		im = im.filter(ImageFilter.GaussianBlur(fpx / 14))
		arr = np.asarray(im, np.float32)
		img = np.stack([arr * 1.0, arr * 0.98, arr * 0.92], -1)
	elif k == "cloth":
		p = r.uniform(18, 40)
		c1 = np.array(r.choice(PALETTE), np.float32)
		c2 = np.array((230, 225, 215), np.float32)
		# Gingham: stripes both ways, darker where they cross, and a
		# fine weave.
		wt = 0.3 * (np.sin(xx / p) > 0.2) + 0.3 * (np.sin(yy / p) > 0.2)
		wt = wt[..., None].astype(np.float32)
		fine = np.sin(xx * 1.1) * np.sin(yy * 1.1) * 0.05
		img = (c2 * (1 - wt) + c1 * wt) * (0.95 + fine[..., None])
	elif k == "marble":
		warp = smooth_noise(g, h, w, 250) * 200
		v = np.abs(np.sin((xx + yy + warp) / 60))
		img = np.full((h, w, 3), 225, np.float32) - (1 - v[..., None]) ** 8 * 90
	elif k == "cork":
		n = g.random((h, w)).astype(np.float32)
		n = np.asarray(Image.fromarray((n * 255).astype(np.uint8)).filter(
			ImageFilter.GaussianBlur(1.2)), np.float32) / 255
		img = np.array((170, 125, 80), np.float32) * (0.6 + 0.8 * n[..., None])
	elif k == "mat":
		step = h / r.uniform(10, 18)
		grid = ((xx % step) < 2.5) | ((yy % step) < 2.5)
		img = np.where(grid[..., None], np.array((150, 200, 160), np.float32),
			       np.array((40, 110, 70), np.float32))
	elif k == "denim":
		n = smooth_noise(g, h, w, 3)
		diag = np.sin((xx + yy) * 0.9) * 0.12
		img = np.array((55, 75, 120), np.float32) * \
			(0.8 + 0.3 * n[..., None] + diag[..., None])
	else:  # darkdesk
		n = smooth_noise(g, h, w, 400)
		img = np.full((h, w, 3), 35, np.float32) * (0.8 + 0.5 * n[..., None])
	return np.clip(img, 0, 255), k


# ----------------------------------------------------------- degrading ---

def solve_perspective(src, dst):
	"""Coefficients for PIL's PERSPECTIVE transform mapping output
	points dst back to input points src."""
	A, B = [], []
	for (x, y), (u, v) in zip(dst, src):
		A.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
		A.append([0, 0, 0, x, y, 1, -v * x, -v * y])
		B += [u, v]
	return np.linalg.solve(np.array(A, float), np.array(B, float)).tolist()


def photograph(card_im, g, r, holdout, kind, only_bg=None):
	"""Turn a flat card into a phone photo; return (image, notes).
	notes["quad"] holds the card's true corners in the photo (the flat
	card's top-left, top-right, bottom-right, bottom-left)."""
	notes = {}
	scan = r.random() < 0.07
	portrait_card = card_im.height > card_im.width
	if scan:
		# An already-cropped scan: the card fills the image.
		w = r.choice([1600, 1800, 2000])
		img = card_im.resize((w, int(w * card_im.height / card_im.width)),
				     Image.LANCZOS)
		img = img.rotate(r.uniform(-1, 1), Image.BICUBIC, expand=False,
				 fillcolor=card_im.getpixel((3, 3)))
		arr = np.asarray(img, np.float32)
		notes["style"] = "scan"
	else:
		W, H = r.choices([(1600, 1200), (2400, 1800), (2000, 1500),
				  (4032, 3024)], [60, 26, 10, 4])[0]
		if r.random() < (0.6 if portrait_card else 0.25):
			W, H = H, W
		base = r.choices([0, 90, 180, 270], [76, 8, 8, 8])[0]
		tilt = r.uniform(-15, 15)
		ang = math.radians(base + tilt)
		cw, ch = card_im.size
		rw = abs(cw * math.cos(ang)) + abs(ch * math.sin(ang))
		rh = abs(cw * math.sin(ang)) + abs(ch * math.cos(ang))
		# The card's share of the frame's span, 30-90 %, but never so
		# small that its fine print would be unreadable (card at least
		# ~750 px long).
		frac = max(r.triangular(0.3, 0.9, 0.65),
			   750 / max(W, H) if W > H else 750 / W)
		scale = min(W * frac / rw, H * 0.92 / rh, W * 0.92 / rw)
		scale = max(scale, min(W * 0.3 / rw, H * 0.3 / rh))
		sw, sh = int(cw * scale * 1.15), int(ch * scale * 1.15)
		small = card_im.resize((sw, sh), Image.LANCZOS)
		cx = W / 2 + r.uniform(-1, 1) * max(0, (W - rw * scale) / 2 - 10)
		cy = H / 2 + r.uniform(-1, 1) * max(0, (H - rh * scale) / 2 - 10)
		hw, hh = cw * scale / 2, ch * scale / 2
		ca, sa = math.cos(ang), math.sin(ang)
		corners = []
		jit = r.uniform(0.0, 0.07) * min(hw, hh)
		for (px, py) in [(-hw, -hh), (hw, -hh), (hw, hh), (-hw, hh)]:
			x = cx + px * ca - py * sa + r.uniform(-jit, jit)
			y = cy + px * sa + py * ca + r.uniform(-jit, jit)
			corners.append((x, y))
		coef = solve_perspective([(0, 0), (sw, 0), (sw, sh), (0, sh)],
					 corners)
		warped = small.transform((W, H), Image.PERSPECTIVE, coef,
					 Image.BICUBIC)
		mask = Image.new("L", (sw, sh), 255).transform(
			(W, H), Image.PERSPECTIVE, coef, Image.BILINEAR)
		bg, bgk = background(g, r, W, H, holdout, only_bg)
		notes["background"] = bgk
		# Drop shadow under the card.
		off = max(3, int(min(W, H) * r.uniform(0.004, 0.015)))
		sh_mask = Image.new("L", (W, H), 0)
		sh_mask.paste(mask, (off, off))
		sh_mask = sh_mask.filter(ImageFilter.GaussianBlur(off * 1.5))
		sm = np.asarray(sh_mask, np.float32)[..., None] / 255
		bg = bg * (1 - 0.45 * sm)
		m = np.asarray(mask, np.float32)[..., None] / 255
		arr = bg * (1 - m) + np.asarray(warped, np.float32) * m
		notes.update(style="photo", base_rotation=base,
			     tilt=round(tilt, 1), size=[W, H],
			     quad=[[round(x, 2), round(y, 2)]
				   for (x, y) in corners])
	h, w = arr.shape[:2]
	yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
	# Uneven light: a linear falloff plus a vignette.
	a = r.uniform(0, 2 * math.pi)
	lin = ((xx / w - 0.5) * math.cos(a) + (yy / h - 0.5) * math.sin(a))
	light = 1 + lin * r.uniform(0.1, 0.35)
	rad = ((xx / w - 0.5) ** 2 + (yy / h - 0.5) ** 2) * 2
	light *= 1 - rad * r.uniform(0.05, 0.3 if not scan else 0.05)
	light *= r.uniform(0.85, 1.08)
	# A soft shadow across part of the frame (a hand or the phone).
	if r.random() < 0.55 and not scan:
		a2 = r.uniform(0, 2 * math.pi)
		d = (xx - w * r.uniform(0.2, 0.8)) * math.cos(a2) + \
			(yy - h * r.uniform(0.2, 0.8)) * math.sin(a2)
		soft = min(w, h) * r.uniform(0.03, 0.12)
		t = 1 / (1 + np.exp(-d / soft))
		light *= 1 - r.uniform(0.2, 0.45) * t
	arr = arr * light[..., None]
	# Glare spot.
	if r.random() < 0.5 and not scan:
		gx, gy = w * r.uniform(0.25, 0.75), h * r.uniform(0.25, 0.75)
		gs = min(w, h) * r.uniform(0.04, 0.15)
		spot = np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * gs * gs))
		arr = arr + spot[..., None] * r.uniform(40, 120)
	# White balance.
	wb = np.array([r.uniform(0.92, 1.06), 1.0, r.uniform(0.88, 1.05)],
		      np.float32)
	arr = arr * wb
	img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
	# Defocus, scaled to the frame.
	blur = r.uniform(0.3, 1.3) * max(w, h) / 1600
	img = img.filter(ImageFilter.GaussianBlur(blur))
	arr = np.asarray(img, np.float32)
	sigma = r.uniform(1.0, 3.0)
	noise = g.normal(0, sigma, arr.shape[:2]).astype(np.float32)[..., None]
	noise = noise + g.normal(0, sigma * 0.3, arr.shape).astype(np.float32)
	arr = arr + noise
	img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
	# Slight sharpening like a phone pipeline.
	if r.random() < 0.5:
		img = img.filter(ImageFilter.UnsharpMask(2, 60, 2))
	# Photographed upside down or sideways, and not re-oriented: the
	# rotation is already in the frame (base_rotation) for photos; scans
	# get an explicit quarter turn sometimes.
	if scan and r.random() < 0.3:
		img = img.rotate(r.choice([90, 180, 270]), expand=True)
	if scan:
		# The card is the whole image (less a sliver turned away).
		notes["size"] = [img.width, img.height]
		notes["quad"] = [[0, 0], [img.width, 0],
				 [img.width, img.height], [0, img.height]]
	return img, notes


# ---------------------------------------------------------------- main ---

def parse_kinds(spec, count):
	kinds = ["ja-horizontal", "ja-vertical", "en"]
	if not spec:
		spec = "ja-horizontal,ja-vertical,en"
	parts = [p.strip() for p in spec.split(",") if p.strip()]
	if all("=" in p for p in parts):
		out = []
		for p in parts:
			k, n = p.split("=")
			if k not in kinds:
				sys.exit("make_cards: unknown kind %r" % k)
			out += [k] * int(n)
		return out
	weights = {"ja-horizontal": 4, "ja-vertical": 1, "en": 1}
	for p in parts:
		if p not in kinds:
			sys.exit("make_cards: unknown kind %r" % p)
	tot = sum(weights[p] for p in parts)
	out = []
	for p in parts:
		out += [p] * round(count * weights[p] / tot)
	while len(out) < count:
		out.append(parts[0])
	return out[:count]


def main():
	ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	ap.add_argument("--out", required=True)
	ap.add_argument("--count", type=int, default=60)
	ap.add_argument("--seed", type=int, default=1)
	ap.add_argument("--kinds", default="")
	ap.add_argument("--holdout", action="store_true")
	ap.add_argument("--style-variant", choices=["main", "holdout"],
			default="main")
	ap.add_argument("--save-flat", action="store_true")
	ap.add_argument("--prefix", default="")
	ap.add_argument("--quality", default="70,92",
			help="JPEG quality range lo,hi")
	ap.add_argument("--save-quad", action="store_true",
			help="also write NAME.quad.json: the card's true "
			"corners in the photo, its background and style")
	ap.add_argument("--backgrounds", default="",
			help="comma list: photograph on these backgrounds "
			"only (a development set; other seeds' images change)")
	a = ap.parse_args()
	only_bg = [b.strip() for b in a.backgrounds.split(",") if b.strip()]
	holdout = a.holdout or a.style_variant == "holdout"
	prefix = a.prefix or ("holdout-" if holdout else "card-")
	kinds = parse_kinds(a.kinds, a.count)
	random.Random(a.seed).shuffle(kinds)
	os.makedirs(a.out, exist_ok=True)
	qlo, qhi = (int(x) for x in a.quality.split(","))
	short = {"ja-horizontal": "jah", "ja-vertical": "jav", "en": "en"}
	for i, kind in enumerate(kinds):
		seed = a.seed * 1000003 + i * 7919 + (500009 if holdout else 0)
		flat, truth = render_card(kind, seed, holdout)
		r = random.Random(seed ^ 0x5EED)
		g = np.random.default_rng(seed)
		photo, notes = photograph(flat, g, r, holdout, kind, only_bg)
		name = "%s%03d-%s" % (prefix, i + 1, short[kind])
		q = r.randint(qlo, qhi)
		if photo.width * photo.height > 5e6:
			q = min(q, qlo + (qhi - qlo) // 3)  # keep 12 MP files small
		photo.save(os.path.join(a.out, name + ".jpg"), quality=q,
			   optimize=True)
		with open(os.path.join(a.out, name + ".json"), "w",
			  encoding="utf-8") as f:
			json.dump(truth, f, ensure_ascii=False, indent=1)
			f.write("\n")
		if a.save_flat:
			flat.save(os.path.join(a.out, name + ".flat.png"))
		if a.save_quad:
			with open(os.path.join(a.out, name + ".quad.json"),
				  "w", encoding="utf-8") as f:
				json.dump({"quad": notes["quad"],
					   "size": notes["size"],
					   "style": notes["style"],
					   "background":
					   notes.get("background", "")}, f)
				f.write("\n")
		shown = {k: v for k, v in notes.items() if k != "quad"}
		print("%s %s q=%d %s" % (name, kind, q, json.dumps(shown)),
		      flush=True)


if __name__ == "__main__":
	main()
