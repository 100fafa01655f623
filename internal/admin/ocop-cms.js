// ocop's part of /admin/, loaded after Decap CMS (decap-cms.js) and
// js-yaml, with window.OCOP from site.js (made by ocop from the record
// declarations). It
//
//   - completes Decap's Vietnamese interface (what its own translation
//     lacks);
//   - registers the formats ocop-product, ocop-producer and ocop-story,
//     which read ocop's records into the form's data and write them back:
//     ocop's shorthands (a plain string for a text in the default
//     language, a file name for a picture, specs as a mapping) become the
//     shapes the form edits, and go back to them; every value the file
//     holds as a string stays one (a phone number keeps its leading 0);
//   - starts the CMS, saving through ocop serve when the page comes from
//     it (it answers the local-backend API at OCOP.api), else to GitHub
//     (site.yaml's cms).
(function () {
  'use strict';
  var O = window.OCOP;
  var CMS = window.CMS;
  var Y = window.jsyaml;
  var DEF = O.languages[0];

  // ---- The Vietnamese interface -------------------------------------

  // The strings of Decap 3.16's English that its Vietnamese lacks.
  var vi = {
    auth: { loginWithAzure: 'Đăng nhập bằng Azure', loginWithForgejo: 'Đăng nhập bằng Forgejo' },
    collection: {
      collectionTop: { viewAsList: 'Xem dạng danh sách', viewAsGrid: 'Xem dạng lưới', groupBy: 'Nhóm theo' },
      entries: { unpublishedHeader: 'Bài chưa đăng' },
      groups: { other: 'Khác', negateLabel: 'Không phải %{label}' }
    },
    editor: {
      editorControl: { field: { widgetLabel: 'Ô %{widgetLabel}' } },
      editorControlPane: {
        i18n: {
          writingInLocale: 'Đang viết bằng %{locale}',
          copyFromLocale: 'Điền từ ngôn ngữ khác',
          copyFromLocaleConfirm: 'Điền nội dung từ bản %{locale}?\nMọi nội dung đang có sẽ bị thay.'
        }
      },
      editorInterface: {
        toggleI18n: 'Bật/tắt các ngôn ngữ',
        togglePreview: 'Bật/tắt xem trước',
        toggleScrollSync: 'Cuộn cùng nhau',
        toggleNotes: 'Bật/tắt ghi chú'
      },
      editorNotesPane: {
        title: 'Ghi chú',
        emptyState: 'Chưa có ghi chú nào. Thêm ghi chú đầu tiên ở dưới.',
        addNote: 'Thêm ghi chú',
        addPlaceholder: 'Thêm ghi chú…',
        editPlaceholder: 'Sửa ghi chú…',
        save: 'Lưu',
        cancel: 'Hủy',
        edit: 'Sửa',
        delete: 'Xóa',
        resolve: 'Đã xong',
        unresolve: 'Chưa xong',
        confirmDelete: 'Xóa ghi chú này?',
        shortcut: 'Mẹo: nhấn Ctrl+Enter để thêm ghi chú nhanh'
      },
      editorToolbar: {
        statusInfoTooltipDraft: 'Bài đang là bản nháp. Để gửi duyệt, đặt trạng thái thành “Chờ duyệt”',
        statusInfoTooltipInReview: 'Bài đang được duyệt, không cần làm gì thêm. Bạn vẫn có thể sửa trong khi chờ.'
      },
      editorWidgets: {
        markdown: {
          bold: 'Đậm',
          italic: 'Nghiêng',
          strikethrough: 'Gạch ngang',
          code: 'Mã',
          link: 'Liên kết',
          linkPrompt: 'Nhập địa chỉ của liên kết',
          headings: 'Đề mục',
          quote: 'Trích dẫn',
          bulletedList: 'Danh sách gạch đầu dòng',
          numberedList: 'Danh sách đánh số',
          addComponent: 'Thêm thành phần',
          toggleMode: { rich: 'Chuyển sang soạn thảo trực quan', markdown: 'Chuyển sang Markdown' }
        },
        image: {
          chooseMultiple: 'Chọn ảnh',
          chooseUrl: 'Chèn từ địa chỉ web',
          replaceUrl: 'Thay bằng địa chỉ web',
          promptUrl: 'Nhập địa chỉ của ảnh',
          addMore: 'Thêm ảnh',
          removeAll: 'Bỏ mọi ảnh'
        },
        file: {
          chooseUrl: 'Chèn từ địa chỉ web',
          chooseMultiple: 'Chọn tệp',
          replaceUrl: 'Thay bằng địa chỉ web',
          promptUrl: 'Nhập địa chỉ của tệp',
          addMore: 'Thêm tệp',
          removeAll: 'Bỏ mọi tệp'
        },
        datetime: { setToNow: 'Đặt %{fieldLabel} là bây giờ' },
        list: { add: 'Thêm %{item}', addType: 'Thêm %{item}' },
        object: { expand: 'Mở ra', collapse: 'Thu lại' }
      }
    },
    mediaLibrary: {
      mediaLibraryCard: {
        copy: 'Sao chép',
        copyUrl: 'Sao chép địa chỉ',
        copyPath: 'Sao chép đường dẫn',
        copyName: 'Sao chép tên',
        copied: 'Đã sao chép'
      },
      mediaLibraryModal: { close: 'Đóng' }
    },
    ui: {
      settingsDropdown: { account: 'Tùy chọn tài khoản' },
      toast: {
        noteAdded: 'Đã thêm ghi chú',
        onFailToAddNote: 'Không thêm được ghi chú: %{details}',
        noteUpdated: 'Đã sửa ghi chú',
        onFailToUpdateNote: 'Không sửa được ghi chú: %{details}',
        noteDeleted: 'Đã xóa ghi chú',
        onFailToDeleteNote: 'Không xóa được ghi chú: %{details}',
        noteResolved: 'Ghi chú đã xong',
        noteReopened: 'Ghi chú mở lại',
        onFailToToggleNote: 'Không đổi được trạng thái ghi chú: %{details}'
      }
    }
  };

  function isObject(v) {
    return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
  }

  // under returns a copy of a with what b has and a lacks.
  function under(a, b) {
    var out = {};
    Object.keys(b).forEach(function (k) { out[k] = b[k]; });
    Object.keys(a).forEach(function (k) {
      out[k] = isObject(a[k]) && isObject(b[k]) ? under(a[k], b[k]) : a[k];
    });
    return out;
  }

  if (CMS.getLocale && CMS.getLocale('vi')) {
    CMS.registerLocale('vi', under(CMS.getLocale('vi'), vi));
  }

  // ---- Reading and writing ocop's records ---------------------------

  function empty(v) {
    return v === undefined || v === null || v === '' ||
      (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
  }

  var TEXT = { type: 'text' };

  // read turns a value of the file (every scalar a string: js-yaml's
  // failsafe schema) into what the form edits.
  function read(shape, v) {
    if (empty(v)) return undefined;
    switch (shape.type) {
      case 'text':
        if (typeof v === 'string') {
          var t = {};
          t[DEF] = v;
          return t;
        }
        return v;
      case 'int':
        return typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v) ? parseInt(v, 10) : v;
      case 'bool':
        return v === 'true' ? true : v === 'false' ? false : v;
      case 'list':
        return Array.isArray(v) ? v.map(function (x) { return read(shape.item, x); }) : v;
      case 'object':
        return isObject(v) ? readFields(shape.fields, v) : v;
      case 'image':
        if (typeof v === 'string') return { file: v };
        return isObject(v) ? readFields(shape.fields, v) : v;
      case 'map':
        if (!isObject(v)) return v;
        return Object.keys(v).map(function (k) {
          return typeof v[k] === 'string' ? { key: k, value: v[k] } : { key: k, text: v[k] };
        });
      default:
        return v;
    }
  }

  function readFields(fields, obj) {
    var out = {};
    Object.keys(obj).forEach(function (k) { out[k] = obj[k]; });
    fields.forEach(function (f) {
      if (!(f.key in out)) return;
      var v = read(f, out[f.key]);
      if (empty(v)) delete out[f.key];
      else out[f.key] = v;
    });
    return out;
  }

  // text writes a text per language: the site's languages in order, then
  // any others; one in the default language alone as a plain string
  // unless keep.
  function text(v, keep) {
    if (typeof v === 'string') return v === '' ? undefined : v;
    if (!isObject(v)) return v;
    var out = {};
    O.languages.concat(Object.keys(v)).forEach(function (k) {
      if (!(k in out) && !empty(v[k])) out[k] = v[k];
    });
    var keys = Object.keys(out);
    if (keys.length === 0) return undefined;
    if (keys.length === 1 && keys[0] === DEF && !keep) return out[DEF];
    return out;
  }

  function date(d) {
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return d.getUTCFullYear() + '-' + two(d.getUTCMonth() + 1) + '-' + two(d.getUTCDate());
  }

  // write turns what the form holds back into the file's value; undefined
  // leaves the key out (an empty optional field is an absent one).
  function write(shape, v) {
    if (v instanceof Date) return date(v);
    if (empty(v)) return undefined;
    switch (shape.type) {
      case 'text':
        return text(v, false);
      case 'int':
        if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return parseInt(v, 10);
        return v;
      case 'bool':
        return v === true ? true : v === false ? undefined : v;
      case 'list':
        if (!Array.isArray(v)) return v;
        var items = v.map(function (x) { return write(shape.item, x); })
          .filter(function (x) { return x !== undefined; });
        return items.length ? items : undefined;
      case 'object':
        return isObject(v) ? writeFields(shape.fields, v) : v;
      case 'image':
        if (!isObject(v)) return v;
        var img = writeFields(shape.fields, v);
        if (!img || img.file === undefined) return undefined;
        return Object.keys(img).length === 1 ? img.file : img;
      case 'map':
        if (!Array.isArray(v)) return v;
        var m = {};
        v.forEach(function (x) {
          if (!isObject(x) || empty(x.key)) return;
          // A text per language stays one, even in Vietnamese alone: a
          // plain value means "the same in every language".
          var val = text(x.text, true);
          if (val === undefined && !empty(x.value)) val = String(x.value);
          if (val !== undefined) m[x.key] = val;
        });
        return Object.keys(m).length ? m : undefined;
      default:
        return typeof v === 'number' ? String(v) : v;
    }
  }

  // writeFields writes the declared fields in their declared order, then
  // whatever else the record held, as it was.
  function writeFields(fields, obj) {
    var out = {};
    fields.forEach(function (f) {
      if (!(f.key in obj)) return;
      var v = write(f, obj[f.key]);
      if (v !== undefined) out[f.key] = v;
    });
    Object.keys(obj).forEach(function (k) {
      if (!(k in out) && k !== 'body' && !fields.some(function (f) { return f.key === k; }) && !empty(obj[k])) {
        out[k] = obj[k];
      }
    });
    return Object.keys(out).length ? out : undefined;
  }

  function parse(text) {
    var data = Y.load(text, { schema: Y.FAILSAFE_SCHEMA });
    return isObject(data) ? data : {};
  }

  function dump(data) {
    // Strings that would read back as something else (0912345678, true)
    // are quoted; dates (written as strings) are not, as ocop reads them.
    return Y.dump(data || {}, { schema: Y.CORE_SCHEMA, lineWidth: -1, quoteStyle: 'double' });
  }

  var FRONT = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

  function format(kind) {
    if (kind.frontmatter) {
      return {
        fromFile: function (content) {
          var m = FRONT.exec(content);
          if (!m) return { body: content };
          var data = readFields(kind.fields, parse(m[1]));
          // The text starts after the blank line that follows the ---.
          data.body = content.slice(m[0].length).replace(/^\r?\n/, '');
          return data;
        },
        toFile: function (data) {
          var body = typeof data.body === 'string' ? data.body : '';
          if (body !== '' && !/\n$/.test(body)) body += '\n';
          return '---\n' + dump(writeFields(kind.fields, data)) + '---\n' + (body === '' ? '' : '\n' + body);
        }
      };
    }
    return {
      fromFile: function (content) { return readFields(kind.fields, parse(content)); },
      toFile: function (data) { return dump(writeFields(kind.fields, data)); }
    };
  }

  Object.keys(O.kinds).forEach(function (name) {
    CMS.registerCustomFormat('ocop-' + name, O.kinds[name].ext, format(O.kinds[name]));
  });

  // ---- Where to save ------------------------------------------------

  function say(vi, en) { return DEF === 'vi' ? vi : en; }

  function nowhere() {
    var p = document.createElement('p');
    p.setAttribute('role', 'alert');
    p.style.cssText = 'max-width:36rem;margin:3rem auto;padding:0 1rem;font:1.125rem/1.5 system-ui,sans-serif';
    p.textContent = say(
      'Trang này chưa lưu được bài: site.yaml chưa có cms (kho GitHub). Để biên tập trên máy của bạn, mở thư mục của trang và chạy ocop serve, rồi vào /admin/ của địa chỉ nó in ra.',
      'This page cannot save yet: site.yaml has no cms (GitHub repository). To edit on your computer, run ocop serve in the site\'s folder and open /admin/ at the address it prints.');
    document.body.appendChild(p);
  }

  function start(local) {
    var config = Object.assign({ load_config_file: false }, O.config);
    if (local) {
      var here = location.origin + O.base;
      config.backend = { name: 'proxy', proxy_url: O.api, branch: config.backend.branch };
      config.site_url = config.display_url = here;
    } else if (!O.github) {
      nowhere();
      return;
    }
    CMS.init({ config: config });
  }

  // ocop serve answers "info" as Decap's local backend does; a published
  // site's server does not.
  fetch(O.api, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ action: 'info', params: { branch: 'main' } })
  }).then(function (r) { return r.ok ? r.json() : null; })
    .then(function (j) { start(!!j && j.type === 'local_fs'); }, function () { start(false); });
})();
