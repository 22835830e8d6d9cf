"""Every message a writer reads, by stable code, in Bahasa Indonesia and English.

Each entry is (problem, fix). Placeholders are filled from `Problem.params`. Tests assert on
codes; the golden files pin the wording. Add a code here before using it anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.errors import Problem

Lang = str  # "id" or "en"
LANGS = ("id", "en")

_Text = tuple[str, str]
_LOG_FIX_ID = (
    "pulihkan baris itu dari riwayat Git (git log -p -- records/) atau perbaiki sesuai "
    "docs/security/logs.md"
)
_LOG_FIX_EN = (
    "restore that line from the Git history (git log -p -- records/) or repair it as "
    "docs/security/logs.md says"
)

CATALOGUE: dict[str, dict[Lang, _Text]] = {
    # --- File and front matter -------------------------------------------------------------
    "TEXT_ENCODING": {
        "id": (
            "file bukan UTF-8 yang sah (byte {byte} di posisi {offset})",
            "simpan ulang file sebagai UTF-8 di editor Anda",
        ),
        "en": (
            "file is not valid UTF-8 (byte {byte} at offset {offset})",
            "save the file again as UTF-8 in your editor",
        ),
    },
    "CONFIG_LEASE": {
        "id": (
            "klaim {lease} menit tidak lebih lama dari timeout job {timeout} menit: dua jalan "
            "bisa mengunggah tulisan yang sama",
            "naikkan lease_minutes di atas job_timeout_minutes",
        ),
        "en": (
            "a {lease}-minute claim is not longer than the {timeout}-minute job timeout: two "
            "runs could publish the same post",
            "raise lease_minutes above job_timeout_minutes",
        ),
    },
    # --- Logs in records/ (pipeline/jsonl.py): a damaged line is named, never a traceback ------
    "LOG_ENCODING": {
        "id": (
            "baris {log} bukan UTF-8 yang sah (byte {byte} di posisi {offset})",
            _LOG_FIX_ID,
        ),
        "en": (
            "{log} line is not valid UTF-8 (byte {byte} at offset {offset})",
            _LOG_FIX_EN,
        ),
    },
    "LOG_JSON": {
        "id": ("baris {log} bukan JSON ({detail})", _LOG_FIX_ID),
        "en": ("{log} line is not JSON ({detail})", _LOG_FIX_EN),
    },
    "LOG_TRUNCATED": {
        "id": (
            "baris terakhir {log} terpotong (tanpa akhir baris, {detail})",
            _LOG_FIX_ID,
        ),
        "en": ("the last {log} line is cut off (no line end, {detail})", _LOG_FIX_EN),
    },
    "LOG_NOT_FILE": {
        "id": (
            "{log}: bukan file biasa (tautan simbolik atau folder); tidak dibaca",
            "hapus dari records/ lewat pull request; log hanya berisi file yang ditulis pipeline",
        ),
        "en": (
            "{log}: not a regular file (a symbolic link or a folder); not read",
            "remove it from records/ through a pull request; the log holds only files the "
            "pipeline writes",
        ),
    },
    "LOG_NOT_OBJECT": {
        "id": ("baris {log} bukan objek JSON {{...}}", _LOG_FIX_ID),
        "en": ("{log} line is not a JSON object {{...}}", _LOG_FIX_EN),
    },
    "LOG_DUPLICATE_KEY": {
        "id": ("kunci ditulis dua kali dalam satu baris {log}", _LOG_FIX_ID),
        "en": ("a key appears twice on one {log} line", _LOG_FIX_EN),
    },
    "LOG_EVENT_UNKNOWN": {
        "id": ("kejadian {value} tidak dikenal (dikenal: {choices})", _LOG_FIX_ID),
        "en": ("unknown event {value} (known: {choices})", _LOG_FIX_EN),
    },
    "LOG_FIELD_MISSING": {
        "id": ("baris {log} tanpa {field} (kejadian {event})", _LOG_FIX_ID),
        "en": ("{log} line without {field} (event {event})", _LOG_FIX_EN),
    },
    "LOG_FIELD_TYPE": {
        "id": ("harus {expected}, bukan {got}", _LOG_FIX_ID),
        "en": ("must be {expected}, not {got}", _LOG_FIX_EN),
    },
    "LOG_PAIR_HELD": {
        "id": (
            "tidak diunggah: baris log rusak {where} mungkin menyangkut pasangan ini (bisa "
            "terbit dua kali)",
            "pulihkan baris itu dari riwayat Git (git log -p -- records/), lalu jalankan lagi",
        ),
        "en": (
            "not published: the damaged log line {where} may concern this pair (it could be "
            "published twice)",
            "restore that line from the Git history (git log -p -- records/), then run again",
        ),
    },
    # --- Claims (pipeline/publish/claims.py): who holds a pair, until when ------------------
    "PAIR_HELD_UNTIL": {
        "id": (
            "batas {platform} tercapai: ditunda sampai {until}",
            "tidak perlu tindakan; jalan sesudah {until} mengunggahnya",
        ),
        "en": (
            "{platform}'s limit reached: put off until {until}",
            "nothing to do; a run after {until} publishes it",
        ),
    },
    "TRIAL_CHECKED_ONLY": {
        "id": (
            "{platform}: token dan akun lulus pemeriksaan; {platform} tidak punya unggahan "
            "privat, jadi tidak ada yang diunggah",
            "unggahan pertama yang sebenarnya menjadi bukti di {platform}",
        ),
        "en": (
            "{platform}: token and account passed the check; {platform} has no private post, "
            "so nothing was posted",
            "the first real publication is the evidence on {platform}",
        ),
    },
    "TRIAL_NOT_CONNECTED": {
        "id": (
            "{platform} belum tersambung ({problem}); {platform} tidak punya unggahan privat",
            "sambungkan akunnya (docs/connecting-accounts.md) lalu ulangi uji ini",
        ),
        "en": (
            "{platform} is not connected yet ({problem}); {platform} has no private post",
            "connect the account (docs/connecting-accounts.md), then run this check again",
        ),
    },
    "CLAIM_BUSY": {
        "id": (
            "sedang diproses oleh {holder}; klaimnya berlaku sampai {until}",
            "tidak perlu tindakan; bila jalan itu berhenti, jalan sesudah {until} mencocokkan "
            "ulang dari platform",
        ),
        "en": (
            "in progress in {holder}; its claim holds until {until}",
            "nothing to do; if that run stops, a run after {until} reconciles from the platform",
        ),
    },
    "CLAIM_UNCHECKED": {
        "id": (
            "diklaim oleh {holder} sampai {until}; GitHub tidak dapat ditanya apakah jalan itu "
            "masih berjalan ({why})",
            "beri job publish GITHUB_TOKEN dengan izin 'actions: read'; sampai {until} tulisan "
            "ini menunggu",
        ),
        "en": (
            "claimed by {holder} until {until}; GitHub could not be asked whether that run is "
            "still going ({why})",
            "give the publish job GITHUB_TOKEN with 'actions: read'; until {until} this post waits",
        ),
    },
    "CLAIM_DEAD_PROCESS": {
        "id": (
            "klaim {holder} ditinggalkan: proses {pid} di {host} sudah berhenti",
            "dicocokkan ulang sekarang: platform diperiksa dulu, tidak ada unggahan ganda",
        ),
        "en": (
            "the claim of {holder} was abandoned: process {pid} on {host} has ended",
            "reconciling now: the platform is checked first, nothing is posted twice",
        ),
    },
    "CLAIM_DEAD_RUN": {
        "id": (
            "klaim {holder} ditinggalkan: GitHub menyatakan jalan {run} selesai ({conclusion})",
            "dicocokkan ulang sekarang: platform diperiksa dulu, tidak ada unggahan ganda",
        ),
        "en": (
            "the claim of {holder} was abandoned: GitHub says run {run} has completed "
            "({conclusion})",
            "reconciling now: the platform is checked first, nothing is posted twice",
        ),
    },
    "CLAIM_DEAD_ATTEMPT": {
        "id": (
            "klaim {holder} ditinggalkan: jalan {run} sudah diulang (percobaan {n})",
            "dicocokkan ulang sekarang: platform diperiksa dulu, tidak ada unggahan ganda",
        ),
        "en": (
            "the claim of {holder} was abandoned: run {run} has been re-run (attempt {n})",
            "reconciling now: the platform is checked first, nothing is posted twice",
        ),
    },
    "LOG_ANSWER_HELD": {
        "id": (
            "jawaban untuk komentar {comment} tidak dikirim: baris log rusak {where} mungkin "
            "menyangkut komentar ini (bisa terkirim dua kali)",
            "pulihkan baris itu dari riwayat Git (git log -p -- records/), lalu jalankan lagi",
        ),
        "en": (
            "the answer to comment {comment} was not sent: the damaged log line {where} may "
            "concern it (it could be sent twice)",
            "restore that line from the Git history (git log -p -- records/), then run again",
        ),
    },
    "FM_MISSING": {
        "id": ("tidak ada front matter", "awali file dengan baris '---', isi metadata, lalu '---'"),
        "en": ("no front matter", "start the file with a '---' line, the metadata, then '---'"),
    },
    "FM_UNCLOSED": {
        "id": ("front matter tidak ditutup", "tambahkan baris '---' setelah metadata"),
        "en": ("front matter is not closed", "add a '---' line after the metadata"),
    },
    "YAML_SYNTAX": {
        "id": ("YAML tidak dapat dibaca: {detail}", "{hint}"),
        "en": ("YAML cannot be read: {detail}", "{hint}"),
    },
    "YAML_DUPLICATE_KEY": {
        "id": (
            "kunci '{key}' ditulis dua kali (pertama di baris {first})",
            "hapus salah satu; peninjau bisa membaca yang pertama, mesin memakai yang terakhir",
        ),
        "en": (
            "key '{key}' appears twice (first on line {first})",
            "delete one; a reviewer may read the first while the machine uses the last",
        ),
    },
    "YAML_IMPLICIT_BOOL": {
        "id": (
            "'{value}' dibaca YAML sebagai {parsed}, bukan teks",
            'tulis true/false untuk ya/tidak, atau beri tanda kutip: "{value}"',
        ),
        "en": (
            "YAML reads '{value}' as {parsed}, not as text",
            'write true/false for yes/no, or quote it: "{value}"',
        ),
    },
    "YAML_SEXAGESIMAL": {
        "id": (
            "'{value}' dibaca YAML sebagai angka basis-60 ({parsed})",
            'beri tanda kutip: "{value}"',
        ),
        "en": ("YAML reads '{value}' as a base-60 number ({parsed})", 'quote it: "{value}"'),
    },
    "YAML_AMBIGUOUS_NUMBER": {
        "id": ("'{value}' dibaca YAML sebagai angka {parsed}", 'beri tanda kutip: "{value}"'),
        "en": ("YAML reads '{value}' as the number {parsed}", 'quote it: "{value}"'),
    },
    "YAML_TAG_FORBIDDEN": {
        "id": (
            "tag YAML '{tag}' tidak diizinkan",
            "hapus tag itu; tulis nilainya sebagai teks biasa",
        ),
        "en": ("YAML tag '{tag}' is not allowed", "remove the tag; write the value as plain text"),
    },
    "YAML_ALIAS_FORBIDDEN": {
        "id": (
            "anchor, alias dan merge key ('&', '*', '<<') tidak diizinkan",
            "tulis nilainya langsung agar peninjau melihat apa yang dipakai",
        ),
        "en": (
            "anchors, aliases and merge keys ('&', '*', '<<') are not allowed",
            "write the value out so reviewers see what is used",
        ),
    },
    "YAML_INVALID_DATE": {
        "id": ("tanggal '{value}' tidak ada di kalender", "periksa tanggal dan bulan (YYYY-MM-DD)"),
        "en": ("date '{value}' does not exist", "check the day and month (YYYY-MM-DD)"),
    },
    "DATETIME_NO_OFFSET": {
        "id": (
            "waktu '{value}' tanpa zona waktu",
            "tambahkan zona, mis. {example} ({zone}); format YYYY-MM-DDTHH:MM:SS+07:00",
        ),
        "en": (
            "time '{value}' has no time zone offset",
            "add the offset, e.g. {example} ({zone}); format YYYY-MM-DDTHH:MM:SS+07:00",
        ),
    },
    "SCHEMA_MISSING": {
        "id": ("wajib diisi{empty}", "isi baris '{key}: {example}'"),
        "en": ("required{empty}", "fill in the line '{key}: {example}'"),
    },
    "SCHEMA_TYPE": {
        "id": ("harus {expected}, tertulis {got}", "ubah menjadi {expected}{example}"),
        "en": ("must be {expected}, got {got}", "change it to {expected}{example}"),
    },
    "SCHEMA_CHOICE": {
        "id": ("'{value}' bukan pilihan yang dikenal", "pilih salah satu: {choices}{suggest}"),
        "en": ("'{value}' is not a known choice", "use one of: {choices}{suggest}"),
    },
    "SCHEMA_RANGE": {
        "id": ("nilai {value} di luar batas ({limit})", "ubah agar {limit}"),
        "en": ("value {value} is out of range ({limit})", "change it so that {limit}"),
    },
    "SCHEMA_FORMAT": {
        "id": (
            "'{value}' tidak sesuai format",
            "tulis sesuai pola {pattern} (lihat contoh di templat)",
        ),
        "en": (
            "'{value}' does not have the expected form",
            "follow the pattern {pattern} (see the example in the template)",
        ),
    },
    "UNKNOWN_KEY": {
        "id": ("kunci '{key}' tidak dikenal dan diabaikan", "{suggest}"),
        "en": ("unknown key '{key}' is ignored", "{suggest}"),
    },
    # --- Narrative --------------------------------------------------------------------------
    "BODY_EMPTY": {
        "id": ("narasi kosong", "tulis narasi kegiatan di bawah baris '---' penutup front matter"),
        "en": ("the narrative is empty", "write the story below the closing '---' line"),
    },
    "MD_RAW_HTML": {
        "id": (
            "HTML mentah tidak diizinkan: {snippet}",
            "gunakan Markdown saja: ![alt](foto.jpg) untuk gambar, [teks](https://...) "
            "untuk tautan",
        ),
        "en": (
            "raw HTML is not allowed: {snippet}",
            "use Markdown only: ![alt](photo.jpg) for images, [text](https://...) for links",
        ),
    },
    "TEXT_MARKUP": {
        "id": (
            "teks ini memuat {what}: {snippet}",
            "tulis sebagai teks biasa (tanpa tanda < sebelum huruf, tanpa kode &...;, tanpa "
            "javascript:, expression( atau [teks](tautan)); judul, deskripsi, kategori, tag dan "
            "nama penulis ditampilkan apa adanya",
        ),
        "en": (
            "this text holds {what}: {snippet}",
            "write plain text (no '<' before a letter, no &...; codes, no javascript:, "
            "expression( or [text](link)); titles, descriptions, categories, tags and author "
            "names are shown as they are",
        ),
    },
    "AUTHOR_LINK_INVALID": {
        "id": (
            "alamat '{value}' tidak diizinkan di sini ({reason})",
            "untuk url pakai alamat https://...; untuk avatar pakai jalur file gambar di "
            "overrides/ (.png, .jpg, .svg), mis. assets/avatars/humas.svg",
        ),
        "en": (
            "address '{value}' is not allowed here ({reason})",
            "for url use an https://... address; for avatar a path to an image file in "
            "overrides/ (.png, .jpg, .svg), e.g. assets/avatars/humas.svg",
        ),
    },
    "AUTHORS_INVALID": {
        "id": (
            "content/.authors.yml tidak sesuai format ({reason})",
            "ikuti contoh: authors: / humas: / name: ... / description: ... / avatar: ...",
        ),
        "en": (
            "content/.authors.yml does not follow the format ({reason})",
            "follow the example: authors: / humas: / name: ... / description: ... / avatar: ...",
        ),
    },
    "MD_ATTR_FORBIDDEN": {
        "id": (
            "atribut '{attr}' dalam daftar atribut {{: ...}} tidak diizinkan",
            "hapus atribut itu; hanya id dan class yang boleh",
        ),
        "en": (
            "attribute '{attr}' in an attribute list {{: ...}} is not allowed",
            "remove it; only id and class are allowed",
        ),
    },
    "MD_URL_SCHEME": {
        "id": (
            "tautan '{url}' memakai skema yang tidak diizinkan",
            "gunakan tautan https://, mailto: atau tautan relatif",
        ),
        "en": (
            "link '{url}' uses a scheme that is not allowed",
            "use an https://, mailto: or relative link",
        ),
    },
    # --- Text ------------------------------------------------------------------------------
    "TEXT_TOO_LONG": {
        "id": (
            "teks untuk {platform} {count} {unit}, batasnya {limit} (lebih {over})",
            "{fix}",
        ),
        "en": (
            "{platform} text is {count} {unit}, the limit is {limit} ({over} over)",
            "{fix}",
        ),
    },
    "TEXT_TOO_MANY_HASHTAGS": {
        "id": (
            "{count} tagar untuk {platform}, batasnya {limit}",
            "kurangi tagar, atau tulis 'social.{platform_key}.hashtags' khusus",
        ),
        "en": (
            "{count} hashtags for {platform}, the limit is {limit}",
            "use fewer, or set 'social.{platform_key}.hashtags' for it",
        ),
    },
    "TEXT_TOO_MANY_MENTIONS": {
        "id": (
            "{count} penyebutan akun (@) untuk {platform}, batasnya {limit}",
            "kurangi penyebutan akun",
        ),
        "en": ("{count} @mentions for {platform}, the limit is {limit}", "use fewer @mentions"),
    },
    "TEXT_BIDI_CONTROL": {
        "id": (
            "karakter kendali arah {char}{where} dapat membalik tampilan teks",
            "hapus karakter itu (ketik ulang teks di sekitarnya)",
        ),
        "en": (
            "bidirectional control {char}{where} can reorder what readers see",
            "delete it (retype the text around it)",
        ),
    },
    "TEXT_INVISIBLE_CHAR": {
        "id": (
            "karakter tak terlihat {char}{where}",
            "hapus karakter itu; biasanya ikut tersalin dari aplikasi lain",
        ),
        "en": (
            "invisible character {char}{where}",
            "delete it; it usually comes along when copying from another app",
        ),
    },
    "TEXT_CONTROL_CHAR": {
        "id": ("karakter kendali {char}{where}", "hapus karakter itu"),
        "en": ("control character {char}{where}", "delete it"),
    },
    "CAPTION_MISSING": {
        "id": (
            "tidak ada keterangan (caption) untuk {platform}",
            "isi 'social.caption', atau 'social.<platform>.caption' untuk tiap platform",
        ),
        "en": (
            "no caption for {platform}",
            "fill in 'social.caption', or 'social.<platform>.caption' for each platform",
        ),
    },
    # --- Media references --------------------------------------------------------------------
    "MEDIA_REF_INVALID": {
        "id": (
            "'{value}' bukan nama file di folder tulisan ({reason})",
            "simpan file di folder yang sama dengan index.md dan tulis namanya saja, "
            "mis. foto-1.jpg",
        ),
        "en": (
            "'{value}' is not a file name in the post folder ({reason})",
            "put the file next to index.md and write its name only, e.g. photo-1.jpg",
        ),
    },
    "MEDIA_NOT_FOUND": {
        "id": (
            "file '{value}' tidak ditemukan di {folder}",
            "salin file ke folder itu, atau perbaiki namanya{suggest}",
        ),
        "en": (
            "file '{value}' is not in {folder}",
            "copy the file there, or fix the name{suggest}",
        ),
    },
    "MEDIA_SYMLINK": {
        "id": ("'{value}' adalah pintasan (symlink)", "ganti dengan file sebenarnya"),
        "en": ("'{value}' is a symbolic link", "replace it with the real file"),
    },
    "CONTENT_SYMLINK": {
        "id": (
            "'{value}' adalah pintasan (symlink); situs tidak pernah mengikutinya",
            "ganti dengan file sebenarnya, atau hapus pintasan itu (git rm)",
        ),
        "en": (
            "'{value}' is a symbolic link; the site never follows one",
            "replace it with the real file, or remove the link (git rm)",
        ),
    },
    "CONTENT_FILE_TYPE": {
        "id": (
            "file '{value}' tidak boleh ada di content/ dan tidak akan diterbitkan ({reason})",
            "hapus file itu; yang boleh: tulisan Markdown (.md) dan media tulisan "
            "(.jpg, .jpeg, .png, .mp4, .mov, .srt) di folder tulisannya",
        ),
        "en": (
            "file '{value}' is not allowed in content/ and will not be published ({reason})",
            "remove it; allowed are Markdown (.md) and a post's media "
            "(.jpg, .jpeg, .png, .mp4, .mov, .srt) in its folder",
        ),
    },
    "MEDIA_LFS_POINTER": {
        "id": (
            "'{value}' hanya penunjuk Git LFS, bukan isi file",
            "jalankan 'git lfs pull', atau commit file aslinya",
        ),
        "en": (
            "'{value}' is a Git LFS pointer, not the file",
            "run 'git lfs pull', or commit the real file",
        ),
    },
    "PATH_INVALID": {
        "id": (
            "nama file '{value}' tidak aman ({reason})",
            "ganti nama memakai huruf kecil, angka, '-', '_' dan '.', mis. foto-1.jpg",
        ),
        "en": (
            "file name '{value}' is unsafe ({reason})",
            "rename it using lower-case letters, digits, '-', '_' and '.', e.g. photo-1.jpg",
        ),
    },
    "PATH_COLLISION": {
        "id": (
            "'{value}' dan '{other}' hanya berbeda huruf besar/kecil atau normalisasi Unicode",
            "ganti nama salah satunya",
        ),
        "en": (
            "'{value}' and '{other}' differ only by case or Unicode normalisation",
            "rename one of them",
        ),
    },
    "MEDIA_ORPHAN": {
        "id": (
            "file '{value}' ada di folder tetapi tidak dipakai di 'media'",
            "tambahkan ke 'media', atau hapus filenya",
        ),
        "en": (
            "file '{value}' is in the folder but not listed in 'media'",
            "list it under 'media', or delete it",
        ),
    },
    "MEDIA_DUPLICATE": {
        "id": ("file '{value}' disebut dua kali di 'media'", "hapus salah satunya"),
        "en": ("file '{value}' is listed twice under 'media'", "remove one of them"),
    },
    # --- Media content -----------------------------------------------------------------------
    "MEDIA_EMPTY": {
        "id": ("file '{value}' kosong (0 byte)", "salin ulang file aslinya"),
        "en": ("file '{value}' is empty (0 bytes)", "copy the original file again"),
    },
    "MEDIA_FORMAT_NOT_ALLOWED": {
        "id": (
            "isi file '{value}' berformat {detected}, bukan {allowed}",
            "ekspor ulang sebagai {allowed_fix}",
        ),
        "en": (
            "the content of '{value}' is {detected}, not {allowed}",
            "export it again as {allowed_fix}",
        ),
    },
    "MEDIA_KIND_MISMATCH": {
        "id": (
            "'{value}' berisi {detected}, tetapi 'kind' bernilai {kind}",
            "ubah 'kind' menjadi {expected_kind}, atau ganti filenya",
        ),
        "en": (
            "'{value}' holds {detected} but 'kind' is {kind}",
            "set 'kind' to {expected_kind}, or use another file",
        ),
    },
    "MEDIA_TOO_LARGE": {
        "id": (
            "gambar '{value}' berukuran {width}×{height} piksel, di atas batas {limit} megapiksel",
            "perkecil gambar (mis. sisi terpanjang 6000 piksel) lalu ekspor ulang",
        ),
        "en": (
            "image '{value}' is {width}×{height} pixels, over the {limit} megapixel limit",
            "scale it down (e.g. 6000 px on the longest side) and export again",
        ),
    },
    "MEDIA_DIMENSIONS": {
        "id": (
            "gambar '{value}' berukuran {width}×{height} piksel ({reason})",
            "potong atau ekspor ulang dengan rasio antara 1:10 dan 10:1 dan sisi ≤ {max_side} px",
        ),
        "en": (
            "image '{value}' is {width}×{height} pixels ({reason})",
            "crop or export again with a ratio between 1:10 and 10:1 and sides ≤ {max_side} px",
        ),
    },
    "MEDIA_CORRUPT": {
        "id": (
            "file '{value}' rusak atau tidak lengkap ({detail})",
            "salin ulang file aslinya atau ekspor ulang dari aplikasi pengolah foto",
        ),
        "en": (
            "file '{value}' is damaged or incomplete ({detail})",
            "copy the original again or re-export it from your photo editor",
        ),
    },
    "MEDIA_TRAILING_DATA": {
        "id": (
            "ada {count} byte tersembunyi setelah akhir gambar '{value}'",
            "ekspor ulang gambar dari aplikasi pengolah foto",
        ),
        "en": (
            "{count} hidden bytes follow the end of image '{value}'",
            "re-export the image from your photo editor",
        ),
    },
    "MEDIA_MULTIFRAME": {
        "id": (
            "gambar '{value}' berisi {frames} bingkai (animasi/multi-gambar)",
            "ekspor satu gambar diam (JPEG atau PNG biasa), atau jadikan video",
        ),
        "en": (
            "image '{value}' has {frames} frames (animation or multi-picture)",
            "export a single still (plain JPEG or PNG), or make it a video",
        ),
    },
    "MEDIA_HAS_GPS": {
        "id": (
            "foto '{value}' menyimpan lokasi GPS ({lat}, {lon})",
            "lokasi dihapus dari semua hasil render, tetapi file asli di Git tetap "
            "menyimpannya: ekspor ulang tanpa lokasi sebelum commit",
        ),
        "en": (
            "photo '{value}' stores a GPS location ({lat}, {lon})",
            "it is removed from every rendered output, but the original in Git keeps it: "
            "re-export without location before committing",
        ),
    },
    "MEDIA_HAS_COMMENT": {
        "id": (
            "gambar '{value}' berisi komentar tersembunyi: '{text}'",
            "komentar dibuang saat render; ekspor ulang tanpa komentar sebelum commit",
        ),
        "en": (
            "image '{value}' carries a hidden comment: '{text}'",
            "it is dropped when rendering; re-export without it before committing",
        ),
    },
    "MEDIA_HAS_TEXT_METADATA": {
        "id": (
            "gambar '{value}' berisi metadata teks ({keys})",
            "metadata dibuang saat render; ekspor ulang tanpa metadata sebelum commit",
        ),
        "en": (
            "image '{value}' carries text metadata ({keys})",
            "it is dropped when rendering; re-export without it before committing",
        ),
    },
    "MEDIA_TIMEOUT": {
        "id": (
            "pemeriksaan '{value}' melewati batas {seconds} detik",
            "ekspor ulang file dengan pengaturan biasa (bukan progresif/berlapis ekstrem)",
        ),
        "en": (
            "checking '{value}' took longer than {seconds} seconds",
            "re-export the file with ordinary settings",
        ),
    },
    "MEDIA_DECODE_CRASH": {
        "id": (
            "pembaca media berhenti saat membuka '{value}' ({detail})",
            "ekspor ulang file; bila tetap gagal, laporkan ke admin teknis",
        ),
        "en": (
            "the media reader stopped while opening '{value}' ({detail})",
            "re-export the file; if it still fails, tell the technical admin",
        ),
    },
    "VIDEO_FORMAT_NOT_ALLOWED": {
        "id": (
            "isi file '{value}' berformat {detected}, bukan video MP4/MOV",
            "ekspor ulang sebagai MP4 (H.264 + AAC)",
        ),
        "en": (
            "the content of '{value}' is {detected}, not an MP4/MOV video",
            "export it again as MP4 (H.264 + AAC)",
        ),
    },
    "VIDEO_CORRUPT": {
        "id": (
            "video '{value}' rusak atau tidak lengkap ({detail})",
            "salin ulang video aslinya atau ekspor ulang sebagai MP4",
        ),
        "en": (
            "video '{value}' is damaged or incomplete ({detail})",
            "copy the original again or export it again as MP4",
        ),
    },
    "VIDEO_STREAMS": {
        "id": (
            "video '{value}' berisi {detail}",
            "ekspor ulang dengan satu trek video (dan satu audio)",
        ),
        "en": (
            "video '{value}' contains {detail}",
            "export it again with one video track (and one audio track)",
        ),
    },
    "VIDEO_NO_VIDEO": {
        "id": ("'{value}' tidak berisi trek video", "gunakan file video yang benar"),
        "en": ("'{value}' has no video track", "use the right video file"),
    },
    "VIDEO_CODEC": {
        "id": (
            "video '{value}' memakai codec {codec}, bukan H.264/H.265",
            "ekspor ulang sebagai MP4 dengan video H.264",
        ),
        "en": (
            "video '{value}' uses the {codec} codec, not H.264/H.265",
            "export it again as MP4 with H.264 video",
        ),
    },
    "VIDEO_LIMITS": {
        "id": ("video '{value}': {detail}", "ekspor ulang dalam batas: {limit}"),
        "en": ("video '{value}': {detail}", "export it again within: {limit}"),
    },
    "CAPTIONS_INVALID": {
        "id": (
            "file subtitle (takarir) '{value}' tidak terbaca sebagai SRT ({detail})",
            "perbaiki file .srt (nomor, waktu 00:00:01,000 --> 00:00:04,000, teks, baris kosong)",
        ),
        "en": (
            "caption file '{value}' is not valid SRT ({detail})",
            "fix the .srt file (number, 00:00:01,000 --> 00:00:04,000 timing, text, blank line)",
        ),
    },
    # --- Completeness and platforms -----------------------------------------------------------
    "ALT_MISSING": {
        "id": (
            "teks alternatif (alt) untuk '{value}' kosong",
            "jelaskan isi {kind} dalam satu kalimat untuk pembaca tunanetra, mis. "
            'alt: "Petani memanen padi di Subang"',
        ),
        "en": (
            "alt text for '{value}' is empty",
            "describe the {kind} in one sentence for blind readers",
        ),
    },
    "CREDIT_MISSING": {
        "id": ("tidak ada kredit untuk media", "tambahkan 'credit: \"Foto: Nama / Tim Humas\"'"),
        "en": ("no credit for the media", "add 'credit: \"Photo: Name / PR team\"'"),
    },
    "CAPTIONS_MISSING": {
        "id": (
            "video '{value}' tanpa file subtitle (takarir)",
            "tambahkan 'captions: nama.srt' agar video dapat diikuti tanpa suara",
        ),
        "en": (
            "video '{value}' has no captions file",
            "add 'captions: name.srt' so the video can be followed without sound",
        ),
    },
    "MEDIA_REQUIRED": {
        "id": (
            "{platform} memerlukan minimal satu {needs}",
            "tambahkan media, atau hapus {platform_key} dari 'social.platforms'",
        ),
        "en": (
            "{platform} needs at least one {needs}",
            "add media, or remove {platform_key} from 'social.platforms'",
        ),
    },
    "PLATFORM_MEDIA": {
        "id": ("{platform}: {detail}", "{fix}"),
        "en": ("{platform}: {detail}", "{fix}"),
    },
    "PLATFORM_DISABLED": {
        "id": (
            "{platform} tidak aktif di {config}",
            "aktifkan di {config}, atau hapus dari daftar",
        ),
        "en": ("{platform} is not enabled in {config}", "enable it in {config}, or remove it"),
    },
    "POST_PATH": {
        "id": (
            "letak tulisan tidak sesuai: {reason}",
            "pindahkan ke content/posts/<tahun>/<bulan>/<slug>/index.md; "
            "'pipeline new \"Judul\"' membuatnya dengan benar",
        ),
        "en": (
            "the post is in the wrong place: {reason}",
            "move it to content/posts/<year>/<month>/<slug>/index.md; "
            "'pipeline new \"Title\"' makes it right",
        ),
    },
    "SAMPLE_COPIED": {
        "id": (
            "'sample: true' menandai tulisan contoh bawaan, tetapi folder ini bukan salah satu "
            "contoh (disalin dari contoh?): tulisan contoh tidak pernah diterbitkan",
            "bila ini tulisan kantor, hapus baris 'sample: true'; bila hanya contoh, hapus folder "
            "ini",
        ),
        "en": (
            "'sample: true' marks a built-in sample post, but this folder is not one of the "
            "samples (copied from one?): sample posts are never published",
            "if this is the office's own post, delete the 'sample: true' line; if it is only a "
            "sample, delete this folder",
        ),
    },
    "HANDOFF_MISSING": {
        "id": (
            "tidak ada di {file} (tidak diperiksa dan dirender oleh job build): tidak dikirim",
            "jalankan 'pipeline render' (di CI: job build) sebelum 'pipeline publish'",
        ),
        "en": (
            "not in {file} (not checked and rendered by the build job): nothing sent",
            "run 'pipeline render' (in CI: the build job) before 'pipeline publish'",
        ),
    },
    "HANDOFF_SOURCE_CHANGED": {
        "id": (
            "berbeda dari yang diperiksa job build ({files}): tidak dikirim",
            "jalankan 'pipeline check' dan 'pipeline render' lagi",
        ),
        "en": (
            "differs from what the build job checked ({files}): nothing sent",
            "run 'pipeline check' and 'pipeline render' again",
        ),
    },
    "HANDOFF_RENDER_CHANGED": {
        "id": (
            "{files} berbeda dari hasil build (sha256): tidak ada bagian tulisan ini yang dikirim",
            "jalankan 'pipeline render' lagi (di CI: jalankan ulang job build)",
        ),
        "en": (
            "{files} differs from the build's output (sha256): nothing of this post is sent",
            "run 'pipeline render' again (in CI: re-run the build job)",
        ),
    },
    # --- Meta tokens (preflight, pipeline/publish/platforms/meta_token.py) -----------------
    "META_TOKEN_INVALID": {
        "id": (
            "token {platform} tidak berlaku lagi menurut Meta (debug_token: is_valid false)",
            "buat token baru lewat system user di Business Manager, lalu simpan di secret {secret}",
        ),
        "en": (
            "the {platform} token is no longer valid according to Meta (debug_token: is_valid "
            "false)",
            "make a new token through the system user in Business Manager and store it in the "
            "{secret} secret",
        ),
    },
    "META_TOKEN_TYPE": {
        "id": (
            "secret {secret} berisi token {kind}, bukan token Halaman (PAGE)",
            "dengan token system user, panggil GET /{page}?fields=access_token dan simpan nilai "
            "access_token itu (token Halaman) di secret {secret}",
        ),
        "en": (
            "the {secret} secret holds a {kind} token, not a Page (PAGE) token",
            "with the system user's token call GET /{page}?fields=access_token and store that "
            "access_token (the Page token) in the {secret} secret",
        ),
    },
    "META_IG_TOKEN_TYPE": {
        "id": (
            "secret {secret} berisi token {kind}, bukan token pengguna, system user, atau Halaman",
            "buat token system user di Business Manager (aset: akun Instagram dan Halamannya) "
            "lalu simpan di secret {secret}",
        ),
        "en": (
            "the {secret} secret holds a {kind} token, not a user, system-user or Page token",
            "make a system-user token in Business Manager (assets: the Instagram account and "
            "its Page) and store it in the {secret} secret",
        ),
    },
    "META_TOKEN_ACCOUNT": {
        "id": (
            "token di secret {secret} milik {got}, bukan akun {want} yang tertulis di office.yml",
            "buat token untuk akun {want} (atau perbaiki account_id di office.yml)",
        ),
        "en": (
            "the token in the {secret} secret belongs to {got}, not to account {want} named in "
            "office.yml",
            "make a token for account {want} (or correct account_id in office.yml)",
        ),
    },
    "META_SCOPE_MISSING": {
        "id": (
            "token {platform} tidak punya izin {missing}",
            "beri izin itu pada system user (Business Manager > System users > Generate token, "
            "centang {missing}), lalu simpan token baru di secret {secret}",
        ),
        "en": (
            "the {platform} token lacks the permission {missing}",
            "grant it to the system user (Business Manager > System users > Generate token, "
            "tick {missing}), then store the new token in the {secret} secret",
        ),
    },
    "META_IG_LOGIN_TOKEN": {
        "id": (
            "secret {secret} berisi token Instagram Login (IGAA/IGQV..., graph.instagram.com): "
            "token itu kedaluwarsa dalam 60 hari dan pipeline memakai Instagram API dengan "
            "Facebook Login (graph.facebook.com)",
            "buat token system user di Business Manager untuk aplikasi Meta yang sama dengan "
            "izin instagram_basic, instagram_content_publish, instagram_manage_comments, "
            "pages_show_list, pages_read_engagement, lalu simpan di secret {secret}",
        ),
        "en": (
            "the {secret} secret holds an Instagram Login token (IGAA/IGQV..., "
            "graph.instagram.com): such tokens expire in 60 days, and the pipeline uses the "
            "Instagram API with Facebook Login (graph.facebook.com)",
            "make a system-user token in Business Manager for the same Meta app with "
            "instagram_basic, instagram_content_publish, instagram_manage_comments, "
            "pages_show_list, pages_read_engagement and store it in the {secret} secret",
        ),
    },
    "SAMPLE_NOT_PUBLISHED": {
        "id": (
            "tulisan contoh (sample: true): tidak diterbitkan ke platform mana pun di luar ujicoba",
            "hapus tulisan contoh dengan 'pipeline samples remove' dan tulis tulisan kantor",
        ),
        "en": (
            "a sample post (sample: true): never published anywhere outside the trial",
            "remove the samples with 'pipeline samples remove' and write the office's own posts",
        ),
    },
    "SAMPLE_OFFICE": {
        "id": (
            "office.yml masih berisi identitas kantor contoh ({detail}): tidak ada yang "
            "diterbitkan",
            "isi office.yml dengan alamat situs dan id akun kantor Anda sendiri",
        ),
        "en": (
            "office.yml still holds the sample office's identity ({detail}): nothing is published",
            "put your office's own site address and account ids in office.yml",
        ),
    },
    # --- Rotating tokens (pipeline/publish/tokens.py): path = the secret to look at -----------
    "TOKEN_STORE_DENIED": {
        "id": (
            "{platform}: tempat menyimpan token baru ({where}) menolak ({what}, HTTP {status}); "
            "token tidak diperbarui dan tidak ada yang diunggah (refresh token belum terpakai)",
            "beri GitHub App penerbit izin repositori 'Secrets: Read and write' dan "
            "'Environments: Read and write', dan pastikan langkah create-github-app-token di "
            "workflow meminta permission-secrets: write dan permission-environments: write",
        ),
        "en": (
            "{platform}: the store for the new token ({where}) refused ({what}, HTTP {status}); "
            "the token was not refreshed and nothing was published (the refresh token is unspent)",
            "give the publishing GitHub App the repository permissions 'Secrets: Read and write' "
            "and 'Environments: Read and write', and make the create-github-app-token step of "
            "the workflow ask for permission-secrets: write and permission-environments: write",
        ),
    },
    "TOKEN_STORE_UNAVAILABLE": {
        "id": (
            "{platform}: tempat menyimpan token baru ({where}) tidak menjawab dengan baik "
            "({what}, HTTP {status}) setelah dicoba ulang sekitar dua menit; token tidak "
            "diperbarui dan tidak ada yang diunggah (refresh token belum terpakai)",
            "tidak perlu tindakan: jalan berikutnya mencoba lagi; bila berulang, periksa status "
            "GitHub",
        ),
        "en": (
            "{platform}: the store for the new token ({where}) did not answer properly ({what}, "
            "HTTP {status}) after about two minutes of retries; the token was not refreshed and "
            "nothing was published (the refresh token is unspent)",
            "nothing to do: the next run tries again; if it keeps happening, check GitHub's status",
        ),
    },
    "TOKEN_STORE_MISSING": {
        "id": (
            "{platform}: access token perlu diperbarui, tetapi langkah ini tidak punya tempat "
            "menyimpan token baru (PIPELINE_SECRETS_TOKEN kosong) dan cache token jalan ini "
            "tidak memuatnya; refresh token tidak dikirim (belum terpakai); tidak ada yang "
            "diunggah",
            "jalankan 'pipeline tokens refresh' dengan PIPELINE_SECRETS_TOKEN di langkah "
            "sebelumnya dalam job yang sama (docs/security/workflows.md)",
        ),
        "en": (
            "{platform}: the access token needs refreshing, but this step has nowhere to store "
            "a new token (PIPELINE_SECRETS_TOKEN is empty) and this run's token cache does not "
            "hold one; the refresh token was not sent (it is unspent); nothing was published",
            "run 'pipeline tokens refresh' with PIPELINE_SECRETS_TOKEN in an earlier step of "
            "the same job (docs/security/workflows.md)",
        ),
    },
    "TOKEN_STORE_FAILED": {
        "id": (
            "{platform}: token baru tidak dapat disimpan di {where} ({what}, HTTP {status}); "
            "token lama sudah terpakai; pasangan baru hanya ada di cache jalan ini ({cache})",
            "otorisasi ulang akun {platform} (docs/office-admin.md: 'Menyambung ulang akun') "
            "dan simpan refresh token barunya; periksa izin Secrets dan Environments GitHub App",
        ),
        "en": (
            "{platform}: the new token could not be stored in {where} ({what}, HTTP {status}); "
            "the old token is spent; the new pair is only in this run's cache ({cache})",
            "re-authorise the {platform} account (docs/office-admin.md: 'Menyambung ulang "
            "akun') and store its new refresh token; check the GitHub App's Secrets and "
            "Environments permissions",
        ),
    },
    "TOKEN_ACCESS_NOT_STORED": {
        "id": (
            "{platform}: refresh token baru sudah tersimpan di {where}, tetapi access token "
            "atau masa berlakunya tidak ({what}, HTTP {status}); jalan ini tetap berlanjut",
            "tidak perlu tindakan: jalan berikutnya memperbarui access token dengan refresh "
            "token yang tersimpan; bila terjadi tiap jalan, periksa status GitHub",
        ),
        "en": (
            "{platform}: the new refresh token is stored in {where}, but the access token or "
            "its expiry is not ({what}, HTTP {status}); this run goes on",
            "nothing to do: the next run gets a new access token with the stored refresh "
            "token; if it happens every run, check GitHub's status",
        ),
    },
    "TOKEN_REFRESHED": {
        "id": ("{platform}: token diperbarui dan disimpan", "tidak perlu tindakan"),
        "en": ("{platform}: the token was refreshed and stored", "nothing to do"),
    },
    "TOKEN_REFUSED": {
        "id": (
            "{platform}: refresh token ditolak ({detail}); tidak ada yang diunggah",
            "Otorisasi ulang akun {platform} '{account}' (docs/office-admin.md: 'Menyambung "
            "ulang akun') dan simpan refresh token barunya di secret ini",
        ),
        "en": (
            "{platform}: the refresh token was refused ({detail}); nothing was published",
            "re-authorise the {platform} account '{account}' (docs/office-admin.md: "
            "'Menyambung ulang akun') and store its new refresh token in this secret",
        ),
    },
    "TOKEN_CLIENT": {
        "id": (
            "{platform}: aplikasi ditolak di token endpoint ({detail}); refresh token belum "
            "terpakai; tidak ada yang diunggah",
            "periksa {client} di environment production; aplikasi X tipe 'Web App, Automated "
            "App or Bot' adalah confidential client dan wajib X_CLIENT_SECRET (Keys and tokens: "
            "OAuth 2.0 Client ID and Client Secret)",
        ),
        "en": (
            "{platform}: the app was refused at the token endpoint ({detail}); the refresh "
            "token is unspent; nothing was published",
            "check {client} in the production environment; an X app of type 'Web App, "
            "Automated App or Bot' is a confidential client and needs X_CLIENT_SECRET (Keys "
            "and tokens: OAuth 2.0 Client ID and Client Secret)",
        ),
    },
    "TOKEN_LOST": {
        "id": (
            "{platform}: jawaban pembaruan token hilang di jalan ({detail}); refresh token "
            "lama mungkin sudah terpakai dan tidak dikirim ulang; tidak ada yang diunggah",
            "Otorisasi ulang akun {platform} '{account}' (docs/office-admin.md: 'Menyambung "
            "ulang akun') dan simpan refresh token barunya di secret ini",
        ),
        "en": (
            "{platform}: the answer to the token refresh was lost in flight ({detail}); the "
            "old refresh token may be spent and is not sent again; nothing was published",
            "re-authorise the {platform} account '{account}' (docs/office-admin.md: "
            "'Menyambung ulang akun') and store its new refresh token in this secret",
        ),
    },
    "TOKEN_NOT_SENT": {
        "id": (
            "{platform}: pembaruan token tidak terkirim ({detail}); refresh token belum "
            "terpakai; tidak ada yang diunggah",
            "tidak perlu tindakan: jalan berikutnya mencoba lagi",
        ),
        "en": (
            "{platform}: the token refresh was not sent ({detail}); the refresh token is "
            "unspent; nothing was published",
            "nothing to do: the next run tries again",
        ),
    },
    "TOKEN_SETTINGS": {
        "id": (
            "{platform}: token tidak dapat diperbarui ({detail}); tidak ada yang diunggah",
            "isi secret dan variabel {platform} di environment production (pipeline setup "
            "menampilkan namanya)",
        ),
        "en": (
            "{platform}: the token cannot be refreshed ({detail}); nothing was published",
            "fill in the {platform} secrets and variables of the production environment "
            "('pipeline setup' lists their names)",
        ),
    },
    "TOKEN_ROTATED_ELSEWHERE": {
        "id": (
            "{platform}: refresh token diperbarui oleh jalan lain pada {when}, setelah salinan "
            "jalan ini diambil; salinan ini sudah terpakai dan tidak dikirim; tidak ada yang "
            "diunggah",
            "tidak perlu tindakan: jalan berikutnya memakai token baru; bila terjadi tiap jalan, "
            "periksa apakah ada dua workflow atau salinan repositori yang memakai akun ini",
        ),
        "en": (
            "{platform}: the refresh token was rotated by another run at {when}, after this "
            "run's copy was taken; that copy is spent and was not sent; nothing was published",
            "nothing to do: the next run uses the new token; if it happens every run, check "
            "whether two workflows or repository copies use this account",
        ),
    },
    "TOKEN_SCOPE_MISSING": {
        "id": (
            "{platform}: token tidak punya izin (scope) {missing}; yang diperlukan: {required}",
            "otorisasi ulang akun {platform} dengan semua scope itu dicentang (aplikasi di "
            "portal pengembang harus memintanya), lalu simpan refresh token barunya",
        ),
        "en": (
            "{platform}: the token lacks the scope {missing}; needed: {required}",
            "re-authorise the {platform} account with all those scopes granted (the app in the "
            "developer portal must request them), then store its new refresh token",
        ),
    },
    "TOKEN_CACHE_IN_REPO": {
        "id": (
            "cache token jalan ini ({where}) ada di dalam repositori: token bisa ikut ter-commit",
            "arahkan PIPELINE_TOKEN_CACHE ke folder di luar repositori (di CI: $RUNNER_TEMP)",
        ),
        "en": (
            "this run's token cache ({where}) is inside the repository: tokens could be committed",
            "point PIPELINE_TOKEN_CACHE at a folder outside the repository (in CI: $RUNNER_TEMP)",
        ),
    },
    "POST_ID_MISSING": {
        "id": (
            "tulisan belum punya id (identitas tetap yang dipakai log unggahan, agar tulisan "
            "yang dipindah atau diganti nama tidak terunggah dua kali)",
            "jalankan 'pipeline id {path}' (menambah baris id), atau bila tulisan ini sudah "
            "terbit dan id-nya terhapus, kembalikan id lamanya dari riwayat Git",
        ),
        "en": (
            "the post has no id (the fixed identity the upload log uses, so a moved or renamed "
            "post is never published twice)",
            "run 'pipeline id {path}' (adds an id line), or if this post was already published "
            "and its id was deleted, restore the old id from the Git history",
        ),
    },
    "POST_ID_DUPLICATE": {
        "id": (
            "id '{value}' juga dipakai {other}: dua tulisan tidak boleh berbagi id",
            "bila tulisan ini salinan/templat, ganti id dengan keluaran 'pipeline id'; bila "
            "tulisan dipindah, hapus folder lamanya",
        ),
        "en": (
            "id '{value}' is also used by {other}: two posts must never share an id",
            "if this post is a copy or template, replace the id with the output of "
            "'pipeline id'; if the post was moved, delete its old folder",
        ),
    },
    "TEXT_HASHTAG_INVALID": {
        "id": (
            "tagar '{value}' tidak sah",
            "tulis satu kata tanpa spasi dan tanpa '#', "
            "hanya huruf, angka dan '_', mis. PertanianMaju",
        ),
        "en": (
            "hashtag '{value}' is not valid",
            "write one word without spaces or '#', "
            "letters, digits and '_' only, e.g. PertanianMaju",
        ),
    },
    "LIST_DUPLICATE": {
        "id": ("'{value}' ditulis dua kali", "hapus salah satunya"),
        "en": ("'{value}' is listed twice", "remove one of them"),
    },
    "MEDIA_EXTENSION_MISMATCH": {
        "id": (
            "isi '{value}' berformat {detected}, tetapi namanya berakhiran .{extension}",
            "ganti akhiran nama file menjadi .{expected}",
        ),
        "en": (
            "'{value}' holds {detected} but its name ends in .{extension}",
            "rename it to end in .{expected}",
        ),
    },
    "POST_DATE_MISMATCH": {
        "id": ("{detail}", "perbaiki tanggal, atau pindahkan folder tulisan"),
        "en": ("{detail}", "fix the date, or move the post folder"),
    },
    # --- Render (pipeline render) ------------------------------------------------------------
    "RENDER_TOO_LARGE": {
        "id": (
            "{platform} ({variant}): '{value}' tetap {size} byte pada kualitas {quality}, "
            "batasnya {limit} byte",
            "perkecil atau sederhanakan gambar sumber (mis. kurangi derau/tekstur halus)",
        ),
        "en": (
            "{platform} ({variant}): '{value}' is still {size} bytes at quality {quality}, "
            "the limit is {limit} bytes",
            "use a smaller or simpler source image (e.g. less noise or fine texture)",
        ),
    },
    "RENDER_TOO_SMALL": {
        "id": (
            "{platform} ({variant}): '{value}' hanya {width}×{height} piksel, "
            "minimal lebar {limit} piksel",
            "gunakan foto beresolusi lebih tinggi, atau pilih media lain untuk platform ini",
        ),
        "en": (
            "{platform} ({variant}): '{value}' is only {width}×{height} pixels, "
            "at least {limit} pixels wide are needed",
            "use a higher-resolution photo, or choose other media for this platform",
        ),
    },
    "RENDER_VIDEO_TOO_LONG": {
        "id": (
            "{platform} ({variant}): video '{value}' {seconds} detik, maksimal {limit} detik",
            "potong videonya, atau tulis 'trim: true' pada item media ini agar dipotong otomatis",
        ),
        "en": (
            "{platform} ({variant}): video '{value}' is {seconds} s, at most {limit} s",
            "shorten it, or set 'trim: true' on this media item to cut it automatically",
        ),
    },
    "RENDER_VIDEO_TOO_SHORT": {
        "id": (
            "{platform} ({variant}): video '{value}' {seconds} detik, minimal {limit} detik",
            "gunakan video yang lebih panjang, atau pilih media lain untuk platform ini",
        ),
        "en": (
            "{platform} ({variant}): video '{value}' is {seconds} s, at least {limit} s",
            "use a longer video, or choose other media for this platform",
        ),
    },
    "RENDER_DECODE": {
        "id": (
            "{platform} ({variant}): '{value}' tidak dapat dibaca untuk render ({detail})",
            "ekspor ulang file dari aplikasi pengolah foto",
        ),
        "en": (
            "{platform} ({variant}): '{value}' cannot be read for rendering ({detail})",
            "re-export the file from your photo editor",
        ),
    },
    "RENDER_FFMPEG": {
        "id": (
            "{platform} ({variant}): ffmpeg gagal memproses '{value}' ({detail})",
            "periksa video dengan 'pipeline check'; bila tetap gagal, laporkan ke admin teknis",
        ),
        "en": (
            "{platform} ({variant}): ffmpeg failed on '{value}' ({detail})",
            "check the video with 'pipeline check'; if it still fails, tell the technical admin",
        ),
    },
    "RENDER_VERIFY": {
        "id": (
            "{platform} ({variant}): hasil '{value}' tidak lolos aturan {rule}: {value_found}"
            " (seharusnya {limit})",
            "ini bug pada pipeline; laporkan ke admin teknis beserta pesan ini",
        ),
        "en": (
            "{platform} ({variant}): the output of '{value}' fails the {rule} rule: "
            "{value_found} (expected {limit})",
            "this is a pipeline bug; tell the technical admin with this message",
        ),
    },
    "PATH_NOT_FOUND": {
        "id": ("'{value}' tidak ditemukan", "periksa jalur yang diberikan ke 'pipeline check'"),
        "en": ("'{value}' does not exist", "check the path given to 'pipeline check'"),
    },
}


# Kinds of values named in SCHEMA_* messages (`expected` and `got` hold these keys).
# Dates as people read them in Bahasa Indonesia (reports, inventories).
MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

TYPE_WORDS: dict[str, dict[Lang, str]] = {
    "mapping": {
        "id": "kelompok 'kunci: nilai' (mis. caption: ...)",
        "en": "a group of 'key: value' lines (e.g. caption: ...)",
    },
    "list": {"id": "daftar [a, b]", "en": "a list [a, b]"},
    "text": {"id": "teks", "en": "text"},
    "integer": {"id": "bilangan bulat", "en": "a whole number"},
    "number": {"id": "angka", "en": "a number"},
    "boolean": {"id": "true atau false", "en": "true or false"},
    "date": {"id": "tanggal YYYY-MM-DD", "en": "a date YYYY-MM-DD"},
    "datetime": {
        "id": "tanggal-waktu dengan zona, mis. 2026-11-21T09:00:00+07:00",
        "en": "a date-time with offset, e.g. 2026-11-21T09:00:00+07:00",
    },
    "null": {"id": "kosong", "en": "empty"},
    "empty": {"id": "teks kosong", "en": "empty text"},
    "value": {"id": "nilai lain", "en": "another value"},
}
_OR = {"id": " atau ", "en": " or "}


@dataclass(frozen=True, slots=True)
class Phrase:
    """A piece of a message that is itself translated: PHRASES[key] formatted with `arg`."""

    key: str
    arg: object = ""


PHRASES: dict[str, dict[Lang, str]] = {
    "did_you_mean": {"id": "maksud Anda '{}'?", "en": "did you mean '{}'?"},
    "known_keys": {"id": "kunci yang dikenal: {}", "en": "known keys: {}"},
    "or_did_you_mean": {"id": "; maksud Anda '{}'?", "en": "; did you mean '{}'?"},
    "tab": {
        "id": "ganti tab dengan spasi (2 spasi per tingkat)",
        "en": "replace tabs with spaces (2 per level)",
    },
    "unclosed_quote": {"id": "tutup tanda kutip yang dibuka", "en": "close the open quote"},
    "indentation": {
        "id": "periksa indentasi dan tanda ':' pada baris ini atau sebelumnya",
        "en": "check the indentation and ':' on this line or the one before",
    },
    "empty": {"id": "", "en": ""},
    "at_column": {"id": " di posisi ke-{}", "en": " at column {}"},
    "in_value": {"id": " (karakter ke-{} dalam nilainya)", "en": " (character {} of the value)"},
    "but_empty": {"id": ", tetapi kosong", "en": " but empty"},
    "example": {"id": ", mis. {}", "en": ", e.g. {}"},
    "unquote": {"id": " (hapus tanda kutipnya)", "en": " (remove the quotes)"},
    "needs_time": {"id": " dengan jam dan zona, mis. {}", "en": " with a time and offset, e.g. {}"},
    "items": {"id": "tepat {} nilai", "en": "exactly {} values"},
    "bad_start": {
        "id": "ada karakter yang tidak boleh mengawali nilai (tab, '@', '`' atau '%')",
        "en": "a character that cannot start a value (tab, '@', '`' or '%')",
    },
    "colon_in_value": {"id": "tanda ':' di dalam nilai", "en": "a ':' inside a value"},
    "quote_colon": {
        "id": "beri tanda kutip pada nilai yang memuat ':', mis. title: \"Panen: hasil naik\"",
        "en": "quote a value that holds ':', e.g. title: \"Harvest: yield up\"",
    },
    "expected_key": {
        "id": "baris ini tidak sejajar dengan kunci di atasnya",
        "en": "this line does not line up with the keys above it",
    },
    "end_of_stream": {
        "id": "front matter berakhir sebelum nilai selesai",
        "en": "the front matter ends before the value does",
    },
    "expected_colon": {
        "id": "tanda ':' setelah kunci tidak ditemukan",
        "en": "no ':' after the key",
    },
    "undefined_alias": {"id": "alias '*' tanpa anchor", "en": "an alias '*' with no anchor"},
    "block_end": {"id": "indentasi tidak rata", "en": "uneven indentation"},
    "ref_empty": {"id": "kosong", "en": "empty"},
    "ref_url": {"id": "URL atau huruf drive", "en": "a URL or a drive letter"},
    "ref_absolute": {"id": "jalur absolut", "en": "an absolute path"},
    "ref_dots": {"id": "memuat '..', '.' atau '//'", "en": "contains '..', '.' or '//'"},
    "ref_outside": {"id": "di luar folder tulisan", "en": "outside the post folder"},
    "name_dash": {"id": "diawali '-' atau '.'", "en": "starts with '-' or '.'"},
    "name_special": {
        "id": "memuat spasi atau karakter khusus",
        "en": "contains spaces or special characters",
    },
    "name_trailing": {"id": "diakhiri titik atau spasi", "en": "ends with a dot or a space"},
    "name_ascii": {
        "id": "memuat huruf di luar a-z (nama file menjadi URL)",
        "en": "holds letters outside a-z (the name becomes a URL)",
    },
    "slug_folder": {
        "id": "nama folder '{}' hanya boleh huruf kecil a-z, angka dan '-'",
        "en": "folder name '{}' may hold only a-z, digits and '-'",
    },
    "post_layout": {
        "id": "'{}' tidak di posts/<tahun>/<bulan>/<slug>/",
        "en": "'{}' is not under posts/<year>/<month>/<slug>/",
    },
    "date_folder": {
        "id": "tanggal {} tidak cocok dengan folder {}",
        "en": "the date {} does not match the folder {}",
    },
    "publish_before_date": {
        "id": "publish_at {} lebih awal dari tanggal tulisan {}",
        "en": "publish_at {} is earlier than the post date {}",
    },
    "shorten_or_override": {
        "id": "persingkat, atau tulis versi khusus di 'social.{}.{}'",
        "en": "shorten it, or write a version under 'social.{}.{}'",
    },
    "shorten": {"id": "persingkat teks ini", "en": "shorten this text"},
    "name_reserved": {"id": "nama khusus Windows", "en": "a reserved Windows name"},
    "name_nfc": {"id": "bukan Unicode NFC", "en": "not NFC Unicode"},
    "kind_photo": {"id": "foto", "en": "photo"},
    "kind_infographic": {"id": "infografis", "en": "infographic"},
    "kind_video": {"id": "video", "en": "video"},
    "a_video": {"id": "video", "en": "a video"},
    "an_image": {"id": "gambar", "en": "an image"},
    "jpeg_or_png": {
        "id": "JPEG (foto) atau PNG (infografis)",
        "en": "JPEG (photos) or PNG (infographics)",
    },
    "ratio": {"id": "rasio {} di luar 1:10 sampai 10:1", "en": "ratio {} is outside 1:10 to 10:1"},
    "side": {"id": "sisi lebih dari {} piksel", "en": "a side is over {} pixels"},
    "streams": {"id": "trek {}", "en": "tracks: {}"},
    "duration": {"id": "durasi {} detik", "en": "duration {} s"},
    "duration_span": {"id": "durasi {} detik sampai {} menit", "en": "duration {} s to {} min"},
    "too_many_images": {"id": "{} gambar, maksimal {}", "en": "{} images, at most {}"},
    "too_few_items": {
        "id": "carousel {} item, minimal {}",
        "en": "a carousel of {} item(s), at least {}",
    },
    "too_many_videos": {"id": "{} video, maksimal {}", "en": "{} videos, at most {}"},
    "mixed_media": {
        "id": "tidak dapat mencampur foto dan video dalam satu unggahan",
        "en": "cannot mix photos and video in one post",
    },
    "not_in_media": {"id": "'{}' tidak ada di daftar 'media'", "en": "'{}' is not under 'media'"},
    "video_too_long": {
        "id": "video '{}' berdurasi {} detik, maksimal {} detik",
        "en": "video '{}' is {} s, at most {} s",
    },
    "video_too_short": {
        "id": "video '{}' berdurasi {} detik, minimal {} detik",
        "en": "video '{}' is {} s, at least {} s",
    },
    "choose_media": {
        "id": "pilih media untuk platform ini dengan 'social.{}.media: [...]'",
        "en": "choose its media with 'social.{}.media: [...]'",
    },
    "fix_override_media": {
        "id": "tulis nama file yang ada di 'media'",
        "en": "use file names listed under 'media'",
    },
    "shorten_video": {
        "id": "potong video, atau pilih media lain dengan 'social.{}.media'",
        "en": "shorten the video, or choose other media with 'social.{}.media'",
    },
    "a_photo_or_video": {"id": "foto atau video", "en": "photo or video"},
    "characters": {"id": "karakter", "en": "characters"},
    "weighted": {
        "id": "karakter berbobot (URL = 23, emoji = 2)",
        "en": "weighted characters (URL = 23, emoji = 2)",
    },
    "utf16": {"id": "satuan UTF-16", "en": "UTF-16 units"},
    "markup_tag": {"id": "tag HTML/SVG", "en": "an HTML/SVG tag"},
    "markup_entity": {"id": "kode karakter HTML (&...;)", "en": "an HTML character code (&...;)"},
    "markup_script_url": {"id": "alamat skrip", "en": "a script URL"},
    "markup_css": {"id": "kode CSS", "en": "CSS code"},
    "markup_markdown": {"id": "tautan atau gambar Markdown", "en": "a Markdown link or image"},
    "link_not_https": {"id": "bukan alamat https://", "en": "not an https:// address"},
    "avatar_path": {
        "id": "bukan jalur file gambar .png/.jpg/.svg yang ada",
        "en": "not the path of an existing .png/.jpg/.svg image",
    },
    "file_type": {"id": "jenis file {} tidak diterbitkan", "en": "file type {} is not published"},
    "file_place": {
        "id": "file media hanya boleh di folder tulisan",
        "en": "media files belong in a post's folder only",
    },
    "page_in_post": {
        "id": "folder tulisan hanya memuat satu index.md",
        "en": "a post folder holds a single index.md",
    },
    "hidden_file": {"id": "file tersembunyi (diawali titik)", "en": "a hidden file (dot first)"},
    "chart_unsafe": {
        "id": "grafik SVG memuat {}",
        "en": "the SVG chart holds {}",
    },
    "git_symlink": {
        "id": "tercatat di Git sebagai symlink (mode 120000)",
        "en": "recorded in Git as a symlink (mode 120000)",
    },
    "authors_shape": {
        "id": "harus berbentuk authors: lalu id penulis dan datanya",
        "en": "it must be authors: then each author's id and details",
    },
    "authors_key": {"id": "kunci '{}' tidak dikenal", "en": "unknown key '{}'"},
    "suggest_file": {"id": "; maksud Anda '{}'?", "en": "; did you mean '{}'?"},
}


def text(problem: Problem, lang: Lang = "id") -> tuple[str, str]:
    """The (problem, fix) sentences for a problem, in `lang` ("id" by default)."""
    entry = CATALOGUE[problem.code]
    message, fix = entry.get(lang, entry["id"])
    params = _Defaults(problem.params)
    for key in ("expected", "got"):
        if key in params:
            params[key] = _type_words(params[key], lang)
    for key, value in params.items():
        if isinstance(value, float):
            params[key] = _number(value, lang)
        if isinstance(value, list) and value[:1] == ["@phrase"]:  # from the probe cache
            value = Phrase(str(value[1]), value[2])
        if isinstance(value, Phrase):
            table = PHRASES[value.key]
            args = value.arg if isinstance(value.arg, list | tuple) else (value.arg,)
            args = tuple(_number(a, lang) for a in args)
            params[key] = table.get(lang, table["id"]).format(*args)
    return message.format_map(params), fix.format_map(params)


def _number(value: object, lang: Lang) -> object:
    """0.4 -> '0,4' in Indonesian (decimal comma), '0.4' in English; other values unchanged."""
    if isinstance(value, float):
        text = f"{value:.1f}".removesuffix(".0")
        return text.replace(".", ",") if lang == "id" else text
    return value


def _type_words(value: object, lang: Lang) -> str:
    words = value if isinstance(value, list | tuple) else [value]
    return _OR.get(lang, " / ").join(
        TYPE_WORDS[w].get(lang, TYPE_WORDS[w]["id"]) if w in TYPE_WORDS else str(w) for w in words
    )


def line(problem: Problem, lang: Lang = "id") -> str:
    """`path:line: field: problem (fix)`, the one-line form every tool prints."""
    message, fix = text(problem, lang)
    where = problem.path + (f":{problem.line}" if problem.line else "")
    field = f" {problem.field}:" if problem.field else ""
    return f"{where}:{field} {message} ({fix})"


class _Defaults(dict[str, object]):
    """Fill a missing placeholder with an empty string rather than raising KeyError."""

    def __init__(self, params: Mapping[str, object]) -> None:
        super().__init__(params)

    def __missing__(self, key: str) -> str:
        return ""
