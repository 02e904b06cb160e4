"""Build tests/data/verify_eval.jsonl, the labelled set `make eval` and tests/test_evaluate.py measure the verifier on.

Run from the repository root: `.venv/bin/python tests/build_verify_eval.py`. The output is committed, so the
tests need neither this script nor ../shared.

Sources: the five seed articles and the 40-article IndoSum sample (tests/data/indosum-sample.jsonl). Each base
item is a sentence of an article quoted verbatim, with a light Indonesian paraphrase and/or an English
translation written by hand. Correct cases: the verbatim sentence, the paraphrase (same language) and the
translation (cross-lingual). Perturbations are made from the correct cases by general rules (number change,
date shift, name swap, negation flip, added clause, quote from another article, invented quote, missing
citation); none is written to suit the verifier.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.evaluate import EVAL_SET, load_articles  # noqa: E402

A000, A001, A002, A003, A004 = ("000_7886f0821ccbc2f6", "001_4bdb7abb272d927f", "002_6abafbfe21ef9124",
                                "003_c9256a6db4ad9ab8", "004_1825697cf85d7d4d")
# (article, verbatim quote, Indonesian paraphrase or None, English translation or None)
BASE = [
    (A000, "MOSKOW \u2013 Militer Azerbaijan mengumumkan telah meluncurkan \u201ctindakan anti-teroris lokal\u201d setelah ranjau darat menewaskan empat tentara dan dua warga sipil pada Selasa pagi di daerah kantong Nagorno-Karabakh yang disengketakan.",
     "Militer Azerbaijan mengumumkan peluncuran \u201ctindakan anti-teroris lokal\u201d setelah ranjau darat menewaskan empat tentara dan dua warga sipil di Nagorno-Karabakh pada Selasa pagi.",
     "Azerbaijan's military announced it had launched \"local anti-terrorist measures\" after landmines killed four soldiers and two civilians on Tuesday morning in the disputed enclave of Nagorno-Karabakh."),
    (A000, "Wilayah mayoritas etnis Armenia yang terletak di Azerbaijan telah menjadi sumber konflik dan perang antara Azerbaijan dan Armenia sejak akhir periode Soviet.",
     "Sejak akhir periode Soviet, wilayah mayoritas etnis Armenia di Azerbaijan itu menjadi sumber konflik dan perang antara Azerbaijan dan Armenia.",
     "The ethnic Armenian-majority region, located in Azerbaijan, has been a source of conflict and war between Azerbaijan and Armenia since the late Soviet period."),
    (A000, "Kementerian Pertahanan Azerbaijan di ibu kota Baku menyalahkan kematian tersebut pada \u201cseparatis Armenia\u201d \u2013 sebuah tuduhan yang dibantah oleh Armenia sebagai sebuah provokasi.",
     "Kementerian Pertahanan Azerbaijan di Baku menyalahkan \u201cseparatis Armenia\u201d atas kematian tersebut, tuduhan yang dibantah Armenia sebagai provokasi.",
     "Azerbaijan's Defence Ministry in the capital, Baku, blamed the deaths on \"Armenian separatists\" \u2013 an accusation Armenia rejected as a provocation."),
    (A000, "Sebuah kontingen yang berjumlah hingga 2.000 pasukan penjaga perdamaian Rusia \u2013 yang dibentuk setelah Moskow merundingkan diakhirinya permusuhan skala besar pada tahun 2020 \u2013 tampaknya tidak bertindak melawan serangan militer Azerbaijan saat ini.",
     "Kontingen hingga 2.000 pasukan penjaga perdamaian Rusia, yang dibentuk setelah Moskow merundingkan diakhirinya permusuhan pada tahun 2020, tampaknya tidak bertindak melawan serangan militer Azerbaijan.",
     "A contingent of up to 2,000 Russian peacekeepers \u2013 formed after Moscow negotiated an end to large-scale hostilities in 2020 \u2013 appeared not to act against the current Azerbaijani military offensive."),
    (A000, "Azerbaijan juga mendapat manfaat dari dukungan militer dari sekutu tradisionalnya, Turki, yang semakin mengisi kekosongan kekuatan besar di Kaukasus Selatan karena Rusia memfokuskan sumber dayanya pada perang di Ukraina.",
     "Azerbaijan juga diuntungkan dukungan militer sekutu tradisionalnya, Turki, yang makin mengisi kekosongan kekuatan besar di Kaukasus Selatan saat Rusia memfokuskan sumber dayanya pada perang di Ukraina.",
     "Azerbaijan has also benefited from military support from its traditional ally, Turkey, which is increasingly filling a great-power vacuum in the South Caucasus as Russia focuses its resources on the war in Ukraine."),
    (A000, "Di ibu kota Armenia, Yerevan, Perdana Menteri Armenia Nikol Pashinyan mengumpulkan dewan keamanannya untuk membahas konflik yang meningkat.",
     "Perdana Menteri Armenia Nikol Pashinyan mengumpulkan dewan keamanannya di Yerevan untuk membahas konflik yang meningkat.",
     "In the Armenian capital, Yerevan, Armenian Prime Minister Nikol Pashinyan convened his security council to discuss the escalating conflict."),
    (A000, "Sebuah benua yang terdiri dari 85 tentara AS saat ini melakukan latihan bersama dengan pasukan Armenia di dekat Yerevan di bawah misi pelatihan penjaga perdamaian NATO selama 10 hari.",
     "Sebanyak 85 tentara AS melakukan latihan bersama pasukan Armenia di dekat Yerevan dalam misi pelatihan penjaga perdamaian NATO selama 10 hari.",
     "A contingent of 85 US soldiers is currently holding joint exercises with Armenian forces near Yerevan as part of a 10-day NATO peacekeeping training mission."),
    (A000, "Secara terpisah, Pashinyan baru-baru ini menyebut ketergantungan tradisional Armenia pada Rusia untuk keamanannya sebagai \u201ckesalahan strategis.\u201d",
     None,
     "Separately, Pashinyan recently called Armenia's traditional reliance on Russia for its security a \"strategic mistake.\""),
    (A000, "\u201cArsitektur keamanan Armenia 99,999% terkait dengan Rusia, termasuk dalam hal pengadaan senjata dan amunisi,\u201d katanya dalam wawancara dengan surat kabar Italia La Repubblica awal bulan ini.",
     "Dalam wawancara dengan surat kabar Italia La Repubblica, ia mengatakan arsitektur keamanan Armenia 99,999% terkait dengan Rusia, termasuk dalam pengadaan senjata dan amunisi.",
     "\"Armenia's security architecture is 99.999% tied to Russia, including in terms of arms and ammunition procurement,\" he said in an interview with the Italian newspaper La Repubblica earlier this month."),
    (A000, "Menanggapi pecahnya pertempuran terbaru ini, Kementerian Luar Negeri Rusia menyerukan kedua belah pihak untuk kembali melakukan gencatan senjata dan mencari solusi diplomatik terhadap konflik tersebut.",
     "Kementerian Luar Negeri Rusia menyerukan kedua belah pihak kembali melakukan gencatan senjata dan mencari solusi diplomatik atas konflik tersebut.",
     "Responding to the latest outbreak of fighting, the Russian Foreign Ministry called on both sides to return to a ceasefire and seek a diplomatic solution to the conflict."),
    (A000, "Federasi Rusia tidak dapat memenuhi kebutuhan keamanan Armenia",
     "Federasi Rusia tidak mampu memenuhi kebutuhan keamanan Armenia.",
     "The Russian Federation cannot meet Armenia's security needs."),
    (A000, "Kegagalan berulang kali Rusia untuk membantu Armenia meskipun ada perjanjian keamanan kolektif juga memicu pergeseran barat di Yerevan.",
     None,
     "Russia's repeated failure to help Armenia despite a collective security treaty has also fuelled a westward shift in Yerevan."),
    (A001, "Pada tanggal 20 September, unit militer Azerbaijan menyerang fasilitas pertahanan udara, bersama dengan beberapa pusat komunikasi dan pos komando militer Armenia di Nagorno-Karabakh.",
     "Pada 20 September, unit militer Azerbaijan menyerang fasilitas pertahanan udara serta sejumlah pusat komunikasi dan pos komando militer Armenia di Nagorno-Karabakh.",
     "On 20 September, Azerbaijani military units attacked air defence facilities, along with several communication centres and Armenian military command posts in Nagorno-Karabakh."),
    (A001, "Menurut Hajiyev, militer Azerbaijan melaksanakan operasi tersebut lebih cepat dari yang direncanakan semula.",
     "Hajiyev mengatakan militer Azerbaijan melaksanakan operasi itu lebih cepat dari rencana semula.",
     "According to Hajiyev, the Azerbaijani military carried out the operation faster than originally planned."),
    (A001, "Menanggapi perkembangan baru yang menegangkan ini, pasukan penjaga perdamaian Rusia telah mengevakuasi lebih dari 2.000 warga sipil dari wilayah Nagorno-Karabakh, wilayah separatis yang dikuasai oleh etnis Armenia.",
     "Pasukan penjaga perdamaian Rusia telah mengevakuasi lebih dari 2.000 warga sipil dari Nagorno-Karabakh, wilayah separatis yang dikuasai etnis Armenia.",
     "In response to these tense new developments, Russian peacekeepers have evacuated more than 2,000 civilians from Nagorno-Karabakh, a separatist region controlled by ethnic Armenians."),
    (A001, "Menurut Kementerian Luar Negeri Rusia, lebih dari 2.000 orang telah dievakuasi dari wilayah tersebut, setelah Azerbaijan memulai operasi militer \"anti-teroris\" pada 19 September di wilayah tersebut - tempat mayoritas warga Armenia tinggal.",
     "Kementerian Luar Negeri Rusia menyebut lebih dari 2.000 orang telah dievakuasi dari wilayah itu setelah Azerbaijan memulai operasi militer \"anti-teroris\" pada 19 September.",
     "According to the Russian Foreign Ministry, more than 2,000 people have been evacuated from the region after Azerbaijan began an \"anti-terrorist\" military operation there on 19 September \u2013 an area where most residents are Armenian."),
    (A001, "Sementara itu, Menteri Luar Negeri Blinken menyatakan keprihatinan mendalam atas kampanye militer Azerbaijan dan meminta Baku untuk \"segera menghentikan tindakan tersebut.\"",
     "Menteri Luar Negeri Blinken menyatakan keprihatinan mendalam atas kampanye militer Azerbaijan dan meminta Baku \"segera menghentikan tindakan tersebut.\"",
     "Meanwhile, Secretary of State Blinken expressed deep concern over Azerbaijan's military campaign and asked Baku to \"immediately stop these actions.\""),
    (A002, "Rusia mengklaim telah menengahi gencatan senjata antara Armenia dan Azerbaijan setelah pertempuran meletus di perbatasan antara kedua negara minggu ini, membawa konflik puluhan tahun ke ambang menyalakan kembali.",
     "Rusia mengklaim telah menengahi gencatan senjata antara Armenia dan Azerbaijan setelah pertempuran meletus di perbatasan kedua negara pekan ini.",
     "Russia says it has brokered a ceasefire between Armenia and Azerbaijan after fighting broke out on the border between the two countries this week, bringing a decades-old conflict to the brink of reigniting."),
    (A002, "Pernyataan itu menyusul pembicaraan telepon antara Perdana Menteri Armenia Nikol Pashinyan dan Presiden Vladimir Putin Selasa pagi.",
     "Pernyataan itu muncul setelah Perdana Menteri Armenia Nikol Pashinyan dan Presiden Vladimir Putin berbicara melalui telepon pada Selasa pagi.",
     "The statement followed a phone call between Armenian Prime Minister Nikol Pashinyan and President Vladimir Putin on Tuesday morning."),
    (A002, "Pada Selasa pagi, Kementerian Pertahanan Armenia mengklaim Angkatan Bersenjata Azerbaijan melakukan serangan artileri ke kota-kota perbatasan Armenia.",
     None,
     "On Tuesday morning, the Armenian Defence Ministry said Azerbaijan's armed forces had carried out artillery attacks on Armenian border towns."),
    (A002, "Pada hari Senin, Kementerian Pertahanan Azerbaijan menuduh pasukan Armenia menembakkan senjata ringan ke arah pemukiman Novoivanovka di wilayah Gadabay dan pemukiman Husulu di wilayah Lachin dekat perbatasan kedua negara.",
     "Kementerian Pertahanan Azerbaijan pada hari Senin menuduh pasukan Armenia menembakkan senjata ringan ke pemukiman Novoivanovka di Gadabay dan pemukiman Husulu di Lachin.",
     "On Monday, the Azerbaijani Defence Ministry accused Armenian forces of firing small arms towards the settlement of Novoivanovka in the Gadabay region and the settlement of Husulu in the Lachin region, near the border between the two countries."),
    (A002, "Pada hari Selasa, Armenia meminta Rusia untuk menerapkan perjanjian pertahanan 1997 yang menetapkan negara-negara akan saling mempertahankan integritas teritorial dan kedaulatan jika terjadi serangan oleh negara asing.",
     "Armenia pada hari Selasa meminta Rusia menerapkan perjanjian pertahanan 1997 agar kedua negara saling mempertahankan integritas teritorial dan kedaulatan jika terjadi serangan negara asing.",
     "On Tuesday, Armenia asked Russia to invoke a 1997 defence treaty under which the countries would defend each other's territorial integrity and sovereignty in the event of an attack by a foreign state."),
    (A002, "Rusia sebelumnya mengerahkan apa yang disebutnya pasukan penjaga perdamaian ke wilayah tersebut setelah menengahi perjanjian gencatan senjata pada awal November 2020, mengakhiri konflik hampir dua bulan yang menewaskan sedikitnya 6.500 orang, menurut Reuters.",
     "Menurut Reuters, Rusia mengerahkan pasukan penjaga perdamaian ke wilayah itu setelah menengahi gencatan senjata pada awal November 2020, mengakhiri konflik hampir dua bulan yang menewaskan sedikitnya 6.500 orang.",
     "Russia previously deployed what it calls peacekeepers to the region after brokering a ceasefire agreement in early November 2020, ending a nearly two-month conflict that killed at least 6,500 people, according to Reuters."),
    (A002, "Pada Senin malam, Blinken menyerukan \"penghentian segera permusuhan.\"",
     None,
     "On Monday evening, Blinken called for an \"immediate cessation of hostilities.\""),
    (A003, "Otoritas Armenia di wilayah yang disengketakan mengatakan sekitar 51 prajurit tewas dalam pertempuran terakhir itu.",
     "Menurut otoritas Armenia di wilayah sengketa itu, sekitar 51 prajurit tewas dalam pertempuran terakhir.",
     "Armenian authorities in the disputed region said about 51 soldiers had been killed in the latest fighting."),
    (A003, "Kedua belah pihak telah dituduh menyerang daerah sipil, dengan Azerbaijan mengatakan pada hari Sabtu bahwa artileri Armenia telah menembaki 19 permukimannya semalam.",
     "Azerbaijan mengatakan pada hari Sabtu bahwa artileri Armenia telah menembaki 19 permukimannya semalam.",
     "Both sides have been accused of attacking civilian areas, with Azerbaijan saying on Saturday that Armenian artillery had shelled 19 of its settlements overnight."),
    (A003, "Secara terpisah, Presiden Azerbaijan Ilham Aliyev melakukan percakapan telepon dengan Presiden Prancis Emmanuel Macron untuk membahas bentrokan tersebut.",
     "Presiden Azerbaijan Ilham Aliyev bercakap lewat telepon dengan Presiden Prancis Emmanuel Macron untuk membahas bentrokan itu.",
     "Separately, Azerbaijani President Ilham Aliyev held a phone call with French President Emmanuel Macron to discuss the clashes."),
    (A003, "\u201cKami tidak punya waktu untuk menunggu 30 tahun lagi. Konflik harus diselesaikan sekarang,\u201d kata Aliyev.",
     "Aliyev mengatakan pihaknya tidak punya waktu untuk menunggu 30 tahun lagi dan konflik harus diselesaikan sekarang.",
     "\"We do not have time to wait another 30 years. The conflict must be resolved now,\" Aliyev said."),
    (A003, "Iran tidak berbatasan langsung dengan Karabakh yang diduduki, tetapi berbatasan langsung dengan wilayah Azerbaijan yang diduduki Armenia yang telah terlihat pertempuran selama seminggu terakhir.",
     "Iran tidak berbatasan langsung dengan Karabakh, tetapi berbatasan dengan wilayah Azerbaijan yang diduduki Armenia.",
     "Iran does not border occupied Karabakh directly, but it does border Azerbaijani territory occupied by Armenia that has seen fighting over the past week."),
    (A003, "Kekuatan dunia, termasuk AS, Rusia, Prancis, dan Jerman, telah mendesak penghentian segera bentrokan di sepanjang perbatasan.",
     "AS, Rusia, Prancis, dan Jerman termasuk kekuatan dunia yang telah mendesak penghentian segera bentrokan di sepanjang perbatasan.",
     "World powers, including the US, Russia, France and Germany, have urged an immediate halt to the clashes along the border."),
    (A003, "OSCE Minsk Group \u2013 diketuai bersama oleh Prancis, Rusia, dan AS \u2013 dibentuk pada tahun 1992 untuk menemukan solusi damai untuk konflik tersebut, tetapi tidak berhasil.",
     "OSCE Minsk Group, yang diketuai bersama oleh Prancis, Rusia, dan AS, dibentuk pada 1992 untuk mencari solusi damai konflik tersebut, tetapi tidak berhasil.",
     "The OSCE Minsk Group \u2013 co-chaired by France, Russia and the US \u2013 was set up in 1992 to find a peaceful solution to the conflict, but did not succeed."),
    (A003, "Pembicaraan untuk menyelesaikan konflik telah membuat sedikit kemajuan sejak kesepakatan gencatan senjata tahun 1994.",
     None,
     "Talks to resolve the conflict have made little progress since the 1994 ceasefire agreement."),
    (A004, "YEREVAN - Armenia , pada Selasa (13/9/2022), meminta bantuan militer Rusia setelah pasukannya bentrokan mematikan di perbatasan dengan pasukan Azerbaijan .",
     "Armenia meminta bantuan militer Rusia pada Selasa (13/9/2022) setelah pasukannya terlibat bentrokan mematikan dengan pasukan Azerbaijan di perbatasan.",
     "On Tuesday, 13 September 2022, Armenia asked Russia for military assistance after deadly clashes between its troops and Azerbaijani forces on the border."),
    (A004, "Perdana Menteri Armenia Nikol Pashinyan mengatakan 49 tentaranya tewas.",
     "Menurut Perdana Menteri Armenia Nikol Pashinyan, 49 tentaranya tewas.",
     "Armenian Prime Minister Nikol Pashinyan said 49 of his soldiers had been killed."),
    (A004, "Kementerian Pertahanan Armenia mengatakan Menteri Pertahanan Suren Papikyan dan Menteri Pertahanan Rusia Sergei Shoigu telah berbicara melalui telepon.",
     None,
     "The Armenian Defence Ministry said Defence Minister Suren Papikyan and Russian Defence Minister Sergei Shoigu had spoken by phone."),
    (A004, "Pertempuran enam minggu pada musim gugur 2020 merenggut lebih dari 6.500 nyawa dan berakhir dengan gencatan senjata yang ditengahi Rusia.",
     "Pertempuran enam minggu pada musim gugur 2020 menewaskan lebih dari 6.500 orang dan diakhiri gencatan senjata yang ditengahi Rusia.",
     "Six weeks of fighting in the autumn of 2020 claimed more than 6,500 lives and ended with a Russian-brokered ceasefire."),
    (A004, "Di bawah kesepakatan itu, Armenia menyerahkan sebagian besar wilayah yang telah dikuasainya selama beberapa dekade dan Moskow mengerahkan sekitar 2.000 penjaga perdamaiannya untuk mengawasi gencatan senjata yang rapuh.",
     None,
     "Under that deal, Armenia handed over large parts of the territory it had held for decades, and Moscow deployed about 2,000 of its peacekeepers to monitor the fragile ceasefire."),
    (A004, "Separatis etnis Armenia di Nagorno-Karabakh memisahkan diri dari Azerbaijan ketika Uni Soviet runtuh pada tahun 1991.",
     "Ketika Uni Soviet runtuh pada 1991, separatis etnis Armenia di Nagorno-Karabakh memisahkan diri dari Azerbaijan.",
     "Ethnic Armenian separatists in Nagorno-Karabakh broke away from Azerbaijan when the Soviet Union collapsed in 1991."),
    (A004, "Konflik berikutnya merenggut sekitar 30.000 nyawa.",
     None,
     "The conflict that followed claimed about 30,000 lives."),
    # IndoSum sample
    ("1490674536-mustahil-transportasi-tradisional-dan-online-bersa",
     "Ketua MPR Zulkifli Hasan menyesalkan kisruh yang terjadi antara pelaku sarana transportasi online dan tradisional.",
     "Ketua MPR Zulkifli Hasan menyesalkan kisruh antara pelaku transportasi online dan transportasi tradisional.",
     "MPR Speaker Zulkifli Hasan regretted the turmoil between online and traditional transport operators."),
    ("1490674536-mustahil-transportasi-tradisional-dan-online-bersa",
     "Zulkifli menilai bahwa tidak mungkin bila keduanya bertarung bebas.",
     "Menurut Zulkifli, keduanya tidak mungkin bertarung bebas.",
     "Zulkifli argued that it was not possible for the two to compete freely."),
    ("1489536002-mentan-lepas-ekspor-perdana-daging-ayam-olahan-ke-",
     "Berdasarkan data Statistik Peternakan Tahun 2016, populasi ayam ras pedaging mencapai 1,59 miliar ekor, ayam ras petelur mencapai 162 juta ekor dan ayam bukan ras mencapai 299 juta ekor atau mengalami peningkatan sekitar 4,2 persen dari populasi pada Tahun 2015.",
     None,
     "According to the 2016 Livestock Statistics, the broiler chicken population reached 1.59 billion, laying hens 162 million and non-breed chickens 299 million, an increase of about 4.2 percent over the 2015 population."),
    ("1489536002-mentan-lepas-ekspor-perdana-daging-ayam-olahan-ke-",
     "Produksi daging unggas menyumbang 83 persen dari penyediaan daging nasional, sedangkan produksi daging ayam ras menyumbang 66 persen dari penyediaan daging nasional.",
     "Daging unggas menyumbang 83 persen penyediaan daging nasional, sedangkan daging ayam ras menyumbang 66 persen.",
     "Poultry meat production accounts for 83 percent of the national meat supply, while broiler chicken meat accounts for 66 percent."),
    ("1514112565-hasil-real-madrid-vs-barcelona",
     "SPANYOL \u2013 Barcelona berhasil memboyong kemenangan besar di laga Clasico 2017 dengan skor 3 - 0 atas Real Madrid, Sabtu (23 / 12 / 2017).",
     "Barcelona menang besar 3 - 0 atas Real Madrid dalam laga Clasico 2017 pada Sabtu (23 / 12 / 2017).",
     "Barcelona won big in the 2017 Clasico, beating Real Madrid 3-0 on Saturday (23/12/2017)."),
    ("1514112565-hasil-real-madrid-vs-barcelona",
     "Messi yang menjadi eksekutor sukses mengubah skor menjadi 2 - 0 untuk Barcelona.",
     "Messi sebagai eksekutor penalti sukses mengubah skor menjadi 2 - 0 untuk Barcelona.",
     "Messi, who took the penalty, made it 2-0 to Barcelona."),
    ("1514112565-hasil-real-madrid-vs-barcelona",
     "Sedangkan Real Madrid berada di urutan keempat dengan poin 31.",
     None,
     "Real Madrid, meanwhile, are fourth with 31 points."),
    ("1479083453-ronaldo-tak-kesulitan-main-hingga-usia-41",
     "Ronaldo yang saat ini telah berusia 31 tahun baru saja menandatangani perpanjangan kontrak hingga 2021 yang membuatnya bakal terus bermain di Madrid hingga usia 36 tahun.",
     "Ronaldo, yang kini berusia 31 tahun, baru menandatangani perpanjangan kontrak hingga 2021 sehingga akan terus bermain di Madrid hingga usia 36 tahun.",
     "Ronaldo, who is now 31, has just signed a contract extension until 2021 that will keep him playing for Madrid until the age of 36."),
    ("1496990100-pertamina-pedekate-tiga-perusahaan-migas-asing",
     "Apalagi, kebutuhan minyak mentah diprediksi terus meningkat karena kapasitas kilang Pertamina rencananya akan meningkat dari 1,04 juta barel ke angka 2,3 juta barel.",
     "Kebutuhan minyak mentah diprediksi terus meningkat karena kapasitas kilang Pertamina direncanakan naik dari 1,04 juta barel menjadi 2,3 juta barel.",
     "Moreover, crude oil demand is expected to keep rising because Pertamina's refinery capacity is planned to increase from 1.04 million barrels to 2.3 million barrels."),
    ("1516599900-tiga-pilihan-lokasi-wisata-bersama-keluarga-di-dub",
     "Dubai telah menyambut lebih dari 14,24 juta wisatawan global selama 2017, termasuk selebriti Indonesia yang kerap terlihat berlibur bersama keluarga di sana.",
     "Sepanjang 2017 Dubai menyambut lebih dari 14,24 juta wisatawan global, termasuk selebriti Indonesia yang kerap berlibur bersama keluarga di sana.",
     "Dubai welcomed more than 14.24 million tourists from around the world in 2017, including Indonesian celebrities who are often seen holidaying there with their families."),
    ("1518395142-mencuri-sekarung-jengkol-dua-pemuda-aceh-dikenai-s",
     "Dua pemuda pengangguran warga Gampong Ie Tarek I, Kecamatan Simpang Kramat, Kabupaten Aceh Utara, Provinsi Aceh, dikenai sanksi adat setelah kedapatan mencuri sekarung jengkol.",
     "Dua pemuda pengangguran asal Gampong Ie Tarek I, Kabupaten Aceh Utara, dikenai sanksi adat karena kedapatan mencuri sekarung jengkol.",
     "Two unemployed young men from Gampong Ie Tarek I, Simpang Kramat subdistrict, North Aceh regency, Aceh province, were given customary sanctions after being caught stealing a sack of jengkol."),
    ("1518395142-mencuri-sekarung-jengkol-dua-pemuda-aceh-dikenai-s",
     "selama tiga bulan keduanya tidak boleh ada di desa tersebut",
     "Keduanya tidak boleh berada di desa tersebut selama tiga bulan.",
     "For three months the two are not allowed to be in the village."),
    ("1489453210-potensi-longsor-bandung-barat-masih-tinggi",
     "Kepala Pusat Data Informasi dan Humas BNPB, Sutopo Purwo Nugroho menjelaskan longsor menyebabkan 3 unit rumah rusak berat, 2 orang luka berat (Cecep Rahmat, 24 tahun dan Asep Suparmin 45 tahun), dan 3 orang luka ringan.",
     "Sutopo Purwo Nugroho dari BNPB menjelaskan longsor menyebabkan 3 rumah rusak berat, 2 orang luka berat, dan 3 orang luka ringan.",
     "BNPB's head of data, information and public relations, Sutopo Purwo Nugroho, said the landslide left 3 houses badly damaged, 2 people seriously injured (Cecep Rahmat, 24, and Asep Suparmin, 45) and 3 people slightly injured."),
    ("1489453210-potensi-longsor-bandung-barat-masih-tinggi",
     "Tidak ada korban jiwa meninggal dunia.",
     "Tidak ada korban jiwa yang meninggal dunia.",
     "No one was killed."),
    ("1504382380-seorang-pemuda-di-papua-ditangkap-karena-bawa-gran",
     "Seorang pemuda didapati membawa satu granat nanas aktif di tas punggungnya.",
     "Seorang pemuda kedapatan membawa sebuah granat nanas aktif di dalam tas punggungnya.",
     "A young man was found carrying a live pineapple grenade in his backpack."),
    ("1506205057-untuk-kali-keenam-marcuskevin-ditantang-boemogense",
     "Secara keseluruhan, Marcus / Kevin dan Boe / Mogensen sudah saling berhadapan sebanyak lima kali.",
     "Marcus / Kevin dan Boe / Mogensen sudah lima kali saling berhadapan.",
     "Overall, Marcus/Kevin and Boe/Mogensen have faced each other five times."),
    ("1506205057-untuk-kali-keenam-marcuskevin-ditantang-boemogense",
     "Dari seluruh pertemuan, Marcus / Kevin baru menang satu kali, tepatnya pada ajang China Terbuka 2016.",
     None,
     "Of all their meetings, Marcus/Kevin have won only once, at the 2016 China Open."),
    ("1479356443-gempa-47-sr-guncang-selatan-jawa-tengah-dan-yogyak",
     "Gempa berkekuatan 4,7 Skala Richter mengguncang wilayah selatan pesisir Jawa Tengah dan Yogyakarta, pada Selasa (15 / 11) sekitar pukul 19:41 WIB.",
     "Gempa berkekuatan 4,7 Skala Richter mengguncang pesisir selatan Jawa Tengah dan Yogyakarta pada Selasa (15 / 11) sekitar pukul 19:41 WIB.",
     "An earthquake measuring 4.7 on the Richter scale shook the southern coast of Central Java and Yogyakarta on Tuesday (15/11) at about 19:41 WIB."),
    ("1479356443-gempa-47-sr-guncang-selatan-jawa-tengah-dan-yogyak",
     "BMKG menghimbau masyarakat pesisir pantai selatan Jawa Tengah dan Yogyakarta agar tetap tenang, karena gempa bumi yang terjadi tidak berpotensi tsunami.",
     "BMKG mengimbau masyarakat pesisir selatan Jawa Tengah dan Yogyakarta tetap tenang karena gempa bumi itu tidak berpotensi tsunami.",
     "BMKG urged coastal residents in southern Central Java and Yogyakarta to stay calm, as the earthquake had no tsunami potential."),
    ("1510015773-setnov-mangkir-lagi-alasannya-tak-ada-izin-preside",
     "Pada 17 Juli 2017, Novanto ditetapkan KPK sebagai tersangka, namun Pengadilan Negeri Jakarta meluluskan gugatan praperadilan Novanto dengan memutuksan penetapan tersangka dia tidak sesuai prosedur.",
     "KPK menetapkan Novanto sebagai tersangka pada 17 Juli 2017, namun Pengadilan Negeri Jakarta meluluskan gugatan praperadilan Novanto karena penetapan tersangka itu tidak sesuai prosedur.",
     "On 17 July 2017, the KPK named Novanto a suspect, but the Jakarta District Court granted Novanto's pretrial motion, ruling that his designation as a suspect did not follow procedure."),
    ("1510015773-setnov-mangkir-lagi-alasannya-tak-ada-izin-preside",
     "Senin 30 Oktober lalu Novanto juga tidak memenuhi panggilan KPK.",
     "Novanto juga tidak memenuhi panggilan KPK pada Senin 30 Oktober lalu.",
     "Novanto also did not answer a KPK summons on Monday, 30 October."),
    ("1506804796-kementerian-panrb-berharap-tak-ada-lagi-peserta-cp",
     "Terkait SKD, dia menjelaskan bahwa peserta harus mengerjakan 100 soal.",
     "Ia menjelaskan bahwa dalam SKD peserta harus mengerjakan 100 soal.",
     "Regarding the SKD, he explained that participants must answer 100 questions."),
    ("1515312683-golden-raspberry-awards-penghargaan-untuk-karya-te",
     "Sementara gelar Aktris Terburuk disandang Madonna dengan 9 piala dari 15 nominasi termasuk Aktris Terburuk Abad Ini pada tahun 2000.",
     None,
     "The Worst Actress title, meanwhile, belongs to Madonna, with 9 trophies from 15 nominations, including Worst Actress of the Century in 2000."),
    ("1500489000-pita-suara-rusak-adele-belajar-bahasa-isyarat",
     "Adele belum boleh berbicara karena pita suaranya yang rusak.",
     "Karena pita suaranya rusak, Adele belum boleh berbicara.",
     "Adele is not yet allowed to speak because of her damaged vocal cords."),
    ("1474182027-kanada-izinkan-dokter-untuk-beri-heroin-pada-pasie",
     "Kementerian Kesehatan Kanada mengamandemen undang-undang dan memperbolehkan dokter memberikan resep heroin kepada pasien kecanduan narkotika parah.",
     "Kementerian Kesehatan Kanada mengamandemen undang-undang sehingga dokter boleh memberikan resep heroin bagi pasien kecanduan narkotika parah.",
     "Canada's Health Ministry has amended the law to allow doctors to prescribe heroin to patients with severe narcotics addiction."),
    ("1515442747-harvey-weinstein-pastikan-diri-tak-datang-ke-golde",
     "Produser tersebut dikatakan masih berada di Arizona untuk menjalani perawatan usai berbagai skandal cabulnya terkuak yang disusul berbagai pencekalan hingga perceraian rumah tangga.",
     None,
     "The producer is said to still be in Arizona undergoing treatment after his various sex scandals came to light, followed by bans and a divorce."),
    ("1499216400-berger-salah-rekrutan-fantastis",
     "Mereka resmi mendapatkan winger AS Roma, Mohamed Salah dengan nilai transfer mencapai 36,9 Juta Pounds.",
     "Mereka resmi mendapatkan Mohamed Salah, winger AS Roma, dengan nilai transfer 36,9 Juta Pounds.",
     "They officially signed AS Roma winger Mohamed Salah for a transfer fee of 36.9 million pounds."),
    ("1494219963-polisi-belum-periksa-sheila-marcia-dan-melodya",
     "Kepolisian sampai saat ini belum memeriksa artis Sheila Marcia dan rekannya Melodya Vanesha yang terlibat kecelakaan pada Sabtu, (6 / 5 / 2017) pagi.",
     "Polisi sampai kini belum memeriksa Sheila Marcia dan Melodya Vanesha yang terlibat kecelakaan pada Sabtu (6 / 5 / 2017) pagi.",
     "Police have so far not questioned actress Sheila Marcia and her friend Melodya Vanesha, who were involved in an accident on Saturday morning (6/5/2017)."),
    ("1519279200-dpr-uu-md3-sah-meski-presiden-tidak-teken",
     "Sebelumnya Menteri Hukum dan HAM Yasonna Laoly mengatakan Presiden belum menandatangani revisi UU MD3 dan kemungkinan tidak akan menandatanganinya.",
     "Menteri Hukum dan HAM Yasonna Laoly sebelumnya mengatakan Presiden belum menandatangani revisi UU MD3 dan kemungkinan tidak akan menandatanganinya.",
     "Earlier, Law and Human Rights Minister Yasonna Laoly said the President had not yet signed the revised MD3 Law and would probably not sign it."),
    ("1493024403-melihat-aneka-burung-langka-di-tmii",
     "Saat ini Hendri memiliki 3 burung dengan jenis yang berbeda.",
     "Hendri kini memiliki 3 burung dari jenis yang berbeda.",
     "Hendri currently owns 3 birds of different species."),
    ("1498431600-meeting-owl-conference-cam-360-derajat",
     "Meeting Owl saat ini sudah dipasarkan seharga $ 799.",
     None,
     "The Meeting Owl is now on sale for $799."),
    ("1495423800-lorenzo-kecelakaan-miller-adalah-peringatan-dari-t",
     "Ia keluar lintasan balap dan dengan kecepatan sekitar 257 km per jam Miller dan motor Honda RCV123V yang ia kendarai menghantam pembatas dan terpelanting.",
     None,
     "He left the track and, at about 257 km per hour, Miller and the Honda RCV123V he was riding hit the barrier and were thrown off."),
    ("1485240343-arema-fc-rebut-kiper-persela-lamongan",
     "Dengan demikian, saat ini tim Singo Edan sudah memiliki 21 pemain untuk Indonesia Super League (ISL) 2017.",
     "Tim Singo Edan kini sudah memiliki 21 pemain untuk Indonesia Super League (ISL) 2017.",
     "The Singo Edan team now has 21 players for the 2017 Indonesia Super League (ISL)."),
    ("1508483400-jayawijaya-datangkan-arkeolog-untuk-konservasi-emp",
     "Kepala Dinas Kebudayaan dan Pariwisata (Disbudpar) Jayawijaya Alpius Wetipo mengatakan konservasi perlu dilakukan karena diantara empat mumi tersebut ada yang bagian tubuhnya rusak dimakan oleh tikus dan anjing.",
     "Alpius Wetipo dari Disbudpar Jayawijaya mengatakan konservasi perlu dilakukan karena bagian tubuh salah satu dari empat mumi itu rusak dimakan tikus dan anjing.",
     "The head of the Jayawijaya culture and tourism office (Disbudpar), Alpius Wetipo, said conservation was needed because parts of the bodies of some of the four mummies had been eaten by rats and dogs."),
    ("1500351300-tulisan-provokatif-di-jas-mcgregor-jadi-inspirasi-",
     "McGregor sendiri akan menjalani pertarungan fantasi melawan mantan juara dunia tinju Floyd Mayweather di Las Vegas, Amerika Serikat, 26 Agustus mendatang.",
     "McGregor akan menghadapi mantan juara dunia tinju Floyd Mayweather dalam pertarungan fantasi di Las Vegas, Amerika Serikat, 26 Agustus mendatang.",
     "McGregor himself will face former world boxing champion Floyd Mayweather in a fantasy fight in Las Vegas, United States, on 26 August."),
    ("1486926047-katy-perry-rilis-lagu-baru-chained-to-the-rhythm",
     "Bola itu tersebar di 24 lokasi di berbagai belahan dunia.",
     "Bola itu disebar di 24 lokasi di berbagai belahan dunia.",
     "The balls were scattered in 24 locations around the world."),
]

ID_MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
ID_DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Same-kind names to swap in: countries, English demonyms, people and places of the corpus.
NAME_POOLS = {
    "id": [["Armenia", "Azerbaijan", "Rusia", "Turki", "Iran", "Prancis", "Jerman", "Ukraina", "Georgia", "Jepang"],
           ["Pashinyan", "Aliyev", "Putin", "Blinken", "Macron", "Shoigu", "Hajiyev", "Papikyan"],
           ["Yerevan", "Baku", "Moskow", "Stepanakert", "Brussel"],
           ["Zulkifli", "Novanto", "Ronaldo", "Messi", "Suarez", "Madonna", "Adele", "Hendri", "Sutopo", "McGregor"],
           ["Barcelona", "Madrid", "Jakarta", "Bandung", "Dubai", "Aceh", "Yogyakarta", "Arizona", "Kanada"]],
    "en": [["Armenia", "Azerbaijan", "Russia", "Turkey", "Iran", "France", "Germany", "Ukraine", "Georgia", "Japan"],
           ["Armenian", "Azerbaijani", "Russian", "Turkish", "Iranian", "French", "German", "Ukrainian", "Georgian"],
           ["Pashinyan", "Aliyev", "Putin", "Blinken", "Macron", "Shoigu", "Hajiyev", "Papikyan"],
           ["Yerevan", "Baku", "Moscow", "Stepanakert", "Brussels"],
           ["Zulkifli", "Novanto", "Ronaldo", "Messi", "Suarez", "Madonna", "Adele", "Hendri", "Sutopo", "McGregor"],
           ["Barcelona", "Madrid", "Jakarta", "Bandung", "Dubai", "Aceh", "Yogyakarta", "Arizona", "Canada"]],
}
CLAUSES = {
    "id": [", sehingga memicu kepanikan besar di kalangan penduduk setempat",
           ", dan pemerintah setempat segera mengumumkan keadaan darurat",
           ", yang kemudian memicu gelombang unjuk rasa di berbagai kota",
           " serta menuntut ganti rugi yang sangat besar atas kerusakan tersebut",
           ", meskipun banyak pengamat menilai langkah itu sia-sia belaka"],
    "en": [", triggering widespread panic among local residents",
           ", and the local government immediately declared a state of emergency",
           ", which later sparked a wave of street protests in several cities",
           " and demanded substantial compensation for the damage",
           ", although many observers considered the move futile"],
}
ID_WORD_NUMBERS = ["dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
EN_WORD_NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "nine"]
LIMITS = {"same": 26, "cross": 22}  # perturbations per class and mode


def digit_strings(text: str) -> set[str]:
    """Digit runs of a text with separators removed ('2.000' → '2000')."""
    return {re.sub(r"[.,]", "", m) for m in re.findall(r"\d+(?:[.,]\d+)*", text)}


def change_number(text: str, quote: str) -> str | None:
    """Change one number (a count rather than a year when there is one) to a value the quote does not state."""
    found = list(re.finditer(r"(?<![\w/])\d+(?:[.,]\d+)*(?![\w/])", text))
    counts = [m for m in found if not re.fullmatch(r"(19|20)\d\d", m.group())]
    taken = digit_strings(quote)
    for match in counts or found:
        token = match.group()
        for step in range(1, 9):
            new = str((int(token[0]) + step - 1) % 9 + 1) + token[1:] if counts else str(int(token) + step)
            if re.sub(r"[.,]", "", new) not in taken:
                return text[:match.start()] + new + text[match.end():]
    quoted_words = set(re.findall(r"\w+", quote.lower()))
    for words, twins in ((ID_WORD_NUMBERS, EN_WORD_NUMBERS), (EN_WORD_NUMBERS, ID_WORD_NUMBERS)):
        for i, word in enumerate(words):
            match = re.search(rf"\b{word}\b", text, re.IGNORECASE)
            if not match:
                continue
            # the new count must be one the quote does not state, in either language
            for step in range(1, len(words)):
                j = (i + step) % len(words)
                if not {words[j], twins[j], "ke" + ID_WORD_NUMBERS[j]} & quoted_words:
                    new = words[j]
                    return text[:match.start()] + (new.title() if match.group()[0].isupper() else new) + text[match.end():]
    return None


def shift_date(text: str, language: str, quote: str, turn: int) -> str | None:
    """Move a date: the day of a day-month date, the month name, or the weekday."""
    months, days = (ID_MONTHS, ID_DAYS) if language == "id" else (EN_MONTHS, EN_DAYS)
    day = re.search(rf"\b(\d{{1,2}})(\s+(?:{'|'.join(months)})\b|\s?/\s?\d{{1,2}})", text)
    named = [(m, names) for names in (months, days) for m in re.finditer(rf"\b({'|'.join(names)})\b", text)]
    if day and (turn % 2 == 0 or not named):
        value = int(day.group(1))
        new = value + 1 if value < 28 else value - 1
        while str(new) in digit_strings(quote):
            new += 1
        return text[:day.start(1)] + str(new) + text[day.end(1):]
    if named:
        match, names = min(named, key=lambda item: item[0].start())
        new = names[(names.index(match.group()) + 1) % len(names)]
        return text[:match.start()] + new + text[match.end():]
    return None


def swap_name(text: str, language: str, quote: str) -> str | None:
    """Replace the first known name with another of its kind that neither the sentence nor the quote names."""
    hits = [(m, pool) for pool in NAME_POOLS[language] for name in pool
            for m in re.finditer(rf"\b{re.escape(name)}\b", text)]
    if not hits:
        return None
    match, pool = min(hits, key=lambda item: item[0].start())
    lowered = (text + " " + quote).lower()
    for name in pool:
        if name.lower() not in lowered and name[:5].lower() not in lowered:
            return text[:match.start()] + name + text[match.end():]
    return None


def flip_negation(text: str, language: str) -> str | None:
    """Remove the sentence's negation, or negate its first verb."""
    if language == "id":
        match = re.search(r"\b(tidak|tak|belum|bukan)\s+", text)
        if match:
            return text[:match.start()] + text[match.end():]
        match = re.search(r"(?<=\s)(?:me|ber|di|ter)[a-z]{4,}\b", text)
        return text[:match.start()] + "tidak " + text[match.start():] if match else None
    for pattern, repl in ((r"\b(do|does|did|is|are|was|were|has|have|had|could|would|will) not\b", r"\1"),
                          (r"\bcannot\b", "can"), (r"\bnot\s+", ""), (r"\bNo one\b", "Someone"), (r"\bno\s+", "")):
        if re.search(pattern, text):
            return re.sub(pattern, repl, text, count=1)
    match = re.search(r"\b(is|are|was|were|has|have|had|will|can|could|must)\b", text)
    if match:
        return text[:match.end()] + " not" + text[match.end():]
    match = re.search(r"\b[a-z]{3,}ed\b", text)
    return text[:match.start()] + "did not " + text[match.start():] if match else None


def add_clause(text: str, language: str, turn: int) -> str:
    """Append a clause no quote states, before the final punctuation and closing quotation marks."""
    clause = CLAUSES[language][turn % len(CLAUSES[language])]
    body = text.rstrip()
    end = len(body)
    while end and body[end - 1] in ".\"\u201d'":
        end -= 1
    return body[:end] + clause + body[end:]


def invent_quote(text: str, quote: str, language: str, turn: int) -> tuple[str, str] | None:
    """A quote the article never wrote (and the sentence as the inventing model would have written it)."""
    if turn % 3 == 0:
        changed = change_number(quote, "")
        if changed and text == quote:
            return changed, changed
    if turn % 3 == 1:
        swapped = swap_name(quote, "id", quote)
        if swapped:
            return (swapped if text == quote else text), swapped
    return text, "Menurut sumber intelijen yang enggan disebut namanya, " + quote[0].lower() + quote[1:]


def case(kind: str, mode: str, language: str, text: str, citations: list[tuple[str, str]], expect: list[str],
         source: str) -> dict:
    """One JSONL record."""
    return {"kind": kind, "mode": mode, "language": language, "text": text,
            "citations": [{"article": a, "quote": q} for a, q in citations], "expect": expect, "source": source}


def correct_cases(articles: dict) -> list[dict]:
    """Verbatim, paraphrased and translated sentences, checked to quote their articles exactly."""
    out = []
    for article, quote, paraphrase, translation in BASE:
        if quote not in articles[article].text:
            raise SystemExit(f"quote not in {article}: {quote[:60]}")
        source = "seed" if article[:3].isdigit() and len(article) == 20 else "indosum"
        cites = [(article, quote)]
        out.append(case("verbatim", "same", "id", quote, cites, [], source))
        if paraphrase:
            out.append(case("paraphrase", "same", "id", paraphrase, cites, [], source))
        if translation:
            out.append(case("translation", "cross", "en", translation, cites, [], source))
    return out


def other_article(article: str, quote: str, articles: dict) -> str:
    """The next article of the same collection that does not contain the quote."""
    pool = sorted(a for a in articles if (len(a) == 20) == (len(article) == 20) and a != article)
    start = sum(map(ord, quote)) % len(pool)
    return next(a for a in pool[start:] + pool[:start] if quote not in articles[a].text)


def perturbations(correct: list[dict], articles: dict) -> list[dict]:
    """Every perturbation class, applied by rule to the correct cases, up to LIMITS per class and mode."""
    out = []
    counts: dict[tuple[str, str], int] = {}

    def add(kind: str, base: dict, text: str | None, expect: list[str], citations=None) -> None:
        key = (kind, base["mode"])
        # A rule that changed nothing made no perturbation; the citation classes keep the text on purpose.
        unchanged = text == base["text"] and citations is None
        if text is None or unchanged or counts.get(key, 0) >= LIMITS[base["mode"]]:
            return
        counts[key] = counts.get(key, 0) + 1
        cites = citations if citations is not None else [(c["article"], c["quote"]) for c in base["citations"]]
        out.append(case(kind, base["mode"], base["language"], text, cites, expect, base["source"]))

    for turn, base in enumerate(sorted(correct, key=lambda c: c["text"])):
        text, language = base["text"], base["language"]
        article, quote = base["citations"][0]["article"], base["citations"][0]["quote"]
        add("number", base, change_number(text, quote), ["number_mismatch"])
        add("date", base, shift_date(text, language, quote, turn), ["date_mismatch", "number_mismatch"])
        add("name", base, swap_name(text, language, quote), ["name_mismatch"])
        add("negation", base, flip_negation(text, language), ["negation_mismatch"])
        add("added_clause", base, add_clause(text, language, turn), ["low_overlap"])
        if turn % 2 == 0:
            add("wrong_article", base, text, ["wrong_article"], [(other_article(article, quote, articles), quote)])
            add("missing_citation", base, text, ["no_citation"], [])
        else:
            invented = invent_quote(text, quote, language, turn)
            if invented:
                add("invented_quote", base, invented[0], ["quote_not_found"], [(article, invented[1])])
    return out


def main() -> None:
    """Write the labelled set and print its composition."""
    articles = load_articles(ROOT / "seeds", ROOT / "tests" / "data" / "indosum-sample.jsonl")
    correct = correct_cases(articles)
    records = correct + perturbations(correct, articles)
    with EVAL_SET.open("w", encoding="utf-8") as handle:
        for number, record in enumerate(records, start=1):
            handle.write(json.dumps({"id": f"v{number:04d}", **record}, ensure_ascii=False) + "\n")
    kinds: dict[str, int] = {}
    for record in records:
        kinds[f"{record['kind']}/{record['mode']}"] = kinds.get(f"{record['kind']}/{record['mode']}", 0) + 1
    print(f"wrote {len(records)} cases to {EVAL_SET.relative_to(ROOT)}: "
          + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))


if __name__ == "__main__":
    main()
