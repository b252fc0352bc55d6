// The UI's words in English and Korean. The language follows the OS (navigator.language);
// `{name}` placeholders are filled from `vars`.
const en = {
  'app.title': 'Photo Search',
  'nav.photos': 'Photos',
  'nav.library': 'Library',
  'nav.tags': 'Tags',
  'nav.albums': 'Albums',
  'nav.duplicates': 'Duplicates',
  'nav.teach': 'Teach a tag…',
  'teach.name': 'New tag name',
  'teach.start': 'Start',
  'teach.title': 'Teaching “{name}”',
  'teach.counts': '{yes} yes, {no} no',
  'teach.yes': 'Yes',
  'teach.no': 'No',
  'teach.train': 'Train',
  'teach.matches': '“{name}” matches {count} photos',
  'teach.done': 'Done',
  'tags.remove': 'Remove tag {name}',
  'album.save': 'Save as album',
  'album.name': 'Album name',
  'album.showing': 'Album “{name}”',
  'duplicates.looking': 'Looking for duplicates…',
  'duplicates.none': 'No duplicates.',
  'duplicates.count': '{count} groups of copies',
  'duplicates.group': '{count} copies',
  'search.label': 'Search photos',
  'search.placeholder': 'Search photos — “dog on the beach”, “birthday cake”',
  'search.results': '{count} photos',
  'search.noGoodMatch': 'No good match for “{query}”.',
  'search.noGoodMatchHint': 'Try other words, or fewer of them.',
  'search.empty': 'No photos yet. Add a folder in Library to start.',
  'search.similarTo': 'Photos like {name}',
  'search.clearSimilar': 'Back to search',
  'filters.folder': 'Folder',
  'filters.anyFolder': 'All folders',
  'filters.from': 'From',
  'filters.to': 'To',
  'filters.camera': 'Camera',
  'filters.anyCamera': 'Any camera',
  'filters.clear': 'Clear filters',
  'photo.back': 'Back',
  'photo.moreLikeThis': 'More like this',
  'photo.reveal': 'Show in folder',
  'photo.open': 'Open',
  'photo.taken': 'Taken',
  'photo.camera': 'Camera',
  'photo.size': 'Size',
  'photo.dimensions': 'Dimensions',
  'photo.folder': 'Folder',
  'photo.location': 'Location',
  'photo.unknown': 'Unknown',
  'library.folders': 'Folders',
  'library.addFolder': 'Add folder…',
  'library.addPath': 'Add',
  'library.pathLabel': 'Folder path',
  'library.pathPlaceholder': '/home/me/Pictures',
  'library.dropHint': 'or drop folders here',
  'library.dropNoPath': 'Dropped folders can only be added in the desktop app. Type the folder’s path instead.',
  'library.remove': 'Remove',
  'library.photos': '{count} photos',
  'library.noFolders': 'No folders yet.',
  'library.indexing': 'Indexing',
  'library.scanning': 'Looking for photos…',
  'library.progress': '{done} of {total} photos',
  'library.eta': 'about {time} left',
  'library.upToDate': 'Up to date: {count} photos searchable.',
  'library.failed': 'Files that could not be read ({count})',
  'library.model': 'Model',
  'library.modelActive': 'In use',
  'library.modelUse': 'Use',
  'library.modelDownload': 'Download ({size} MB)',
  'library.downloading': 'Downloading {done} of {total} MB',
  'library.device': 'Runs on',
  'library.deviceWhy': 'Why not the GPU',
  'library.otherProcess': 'Another window or command is indexing this library; search still works.',
  'opening.title': 'Getting ready',
  'opening.download': 'Downloading the {model} model, once: {done} of {total} MB.',
  'opening.loading': 'Opening your library…',
  'opening.failed': 'The library could not open.',
  'opening.retry': 'Try again',
  'error.dismiss': 'Dismiss',
  'time.seconds': '{n} s',
  'time.minutes': '{n} min',
  'time.hours': '{n} h',
};

export type MessageKey = keyof typeof en;

const ko: Record<MessageKey, string> = {
  'app.title': '사진 검색',
  'nav.photos': '사진',
  'nav.library': '보관함',
  'nav.tags': '태그',
  'nav.albums': '앨범',
  'nav.duplicates': '중복 사진',
  'nav.teach': '태그 가르치기…',
  'teach.name': '새 태그 이름',
  'teach.start': '시작',
  'teach.title': '“{name}” 가르치는 중',
  'teach.counts': '예 {yes}, 아니요 {no}',
  'teach.yes': '예',
  'teach.no': '아니요',
  'teach.train': '학습',
  'teach.matches': '“{name}”에 맞는 사진 {count}장',
  'teach.done': '완료',
  'tags.remove': '{name} 태그 제거',
  'album.save': '앨범으로 저장',
  'album.name': '앨범 이름',
  'album.showing': '앨범 “{name}”',
  'duplicates.looking': '중복 사진을 찾는 중…',
  'duplicates.none': '중복 사진이 없습니다.',
  'duplicates.count': '중복 묶음 {count}개',
  'duplicates.group': '사본 {count}장',
  'search.label': '사진 검색',
  'search.placeholder': '사진 검색 — “해변의 강아지”, “생일 케이크”',
  'search.results': '사진 {count}장',
  'search.noGoodMatch': '“{query}”에 잘 맞는 사진이 없습니다.',
  'search.noGoodMatchHint': '다른 단어로, 또는 더 짧게 검색해 보세요.',
  'search.empty': '아직 사진이 없습니다. 보관함에서 폴더를 추가하세요.',
  'search.similarTo': '{name}와(과) 비슷한 사진',
  'search.clearSimilar': '검색으로 돌아가기',
  'filters.folder': '폴더',
  'filters.anyFolder': '모든 폴더',
  'filters.from': '시작',
  'filters.to': '끝',
  'filters.camera': '카메라',
  'filters.anyCamera': '모든 카메라',
  'filters.clear': '필터 지우기',
  'photo.back': '뒤로',
  'photo.moreLikeThis': '비슷한 사진 더 보기',
  'photo.reveal': '폴더에서 보기',
  'photo.open': '열기',
  'photo.taken': '촬영',
  'photo.camera': '카메라',
  'photo.size': '크기',
  'photo.dimensions': '해상도',
  'photo.folder': '폴더',
  'photo.location': '위치',
  'photo.unknown': '알 수 없음',
  'library.folders': '폴더',
  'library.addFolder': '폴더 추가…',
  'library.addPath': '추가',
  'library.pathLabel': '폴더 경로',
  'library.pathPlaceholder': '/home/me/Pictures',
  'library.dropHint': '또는 폴더를 여기에 놓으세요',
  'library.dropNoPath': '끌어다 놓은 폴더는 데스크톱 앱에서만 추가할 수 있습니다. 폴더 경로를 입력하세요.',
  'library.remove': '제거',
  'library.photos': '사진 {count}장',
  'library.noFolders': '아직 폴더가 없습니다.',
  'library.indexing': '색인 중',
  'library.scanning': '사진을 찾는 중…',
  'library.progress': '{total}장 중 {done}장',
  'library.eta': '약 {time} 남음',
  'library.upToDate': '최신 상태: 사진 {count}장 검색 가능.',
  'library.failed': '읽을 수 없는 파일 ({count})',
  'library.model': '모델',
  'library.modelActive': '사용 중',
  'library.modelUse': '사용',
  'library.modelDownload': '다운로드 ({size} MB)',
  'library.downloading': '{total} MB 중 {done} MB 다운로드 중',
  'library.device': '실행 장치',
  'library.deviceWhy': 'GPU를 쓰지 않는 이유',
  'library.otherProcess': '다른 창이나 명령이 이 보관함을 색인하고 있습니다. 검색은 계속 됩니다.',
  'opening.title': '준비 중',
  'opening.download': '{model} 모델을 한 번만 내려받습니다: {total} MB 중 {done} MB.',
  'opening.loading': '보관함을 여는 중…',
  'opening.failed': '보관함을 열 수 없습니다.',
  'opening.retry': '다시 시도',
  'error.dismiss': '닫기',
  'time.seconds': '{n}초',
  'time.minutes': '{n}분',
  'time.hours': '{n}시간',
};

const DICTIONARIES: Record<string, Record<MessageKey, string>> = { en, ko };

export function pickLocale(languages: readonly string[]): 'en' | 'ko' {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'ko' || base === 'en') return base;
  }
  return 'en';
}

export const locale = typeof navigator === 'undefined' ? 'en' : pickLocale(navigator.languages ?? [navigator.language]);

export function translate(lang: string, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text = (DICTIONARIES[lang] ?? en)[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return translate(locale, key, vars);
}

/** "about 3 min", from seconds. */
export function duration(seconds: number): string {
  if (seconds < 90) return t('time.seconds', { n: Math.max(1, Math.round(seconds)) });
  if (seconds < 5400) return t('time.minutes', { n: Math.round(seconds / 60) });
  return t('time.hours', { n: Math.round(seconds / 360) / 10 });
}

export function formatNumber(n: number): string {
  return n.toLocaleString(locale);
}
