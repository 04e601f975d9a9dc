/* The browser preview's runtime: runs the real pages in miniprogram-simulate's browser build, with
 * wx.cloud.callFunction bridged to the local functions, storage in localStorage (one per identity),
 * and a small router for navigateTo / navigateBack. Loaded after simulate.js, files.js and wxml.js. */
(function () {
  var preview = window.__PREVIEW__;
  var params = new URLSearchParams(location.search);
  var openid = params.get('as') || 'preview-parent';
  var gwx = window.__GWX__;
  preview.components.forEach(function (path) {
    window.__FILE_MAP__[path + '.wxml'] = gwx(path + '.wxml');
  });
  window.getApp = function () {
    return { globalData: {} };
  };

  var toastBox = document.getElementById('toast');
  var toastTimer = null;
  function toast(text) {
    toastBox.textContent = text;
    toastBox.style.display = 'block';
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () {
      toastBox.style.display = 'none';
    }, 2500);
  }
  var storeKey = function (key) {
    return 'mp:' + openid + ':' + key;
  };

  Object.assign(window.wx, {
    cloud: {
      init: function () {},
      callFunction: function (options) {
        return fetch('/fn/' + options.name, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-openid': openid },
          body: JSON.stringify(options.data || {}),
        })
          .then(function (res) {
            return res.json();
          })
          .then(function (result) {
            return { result: result };
          });
      },
    },
    getStorageSync: function (key) {
      var value = localStorage.getItem(storeKey(key));
      return value === null ? '' : JSON.parse(value);
    },
    setStorageSync: function (key, value) {
      localStorage.setItem(storeKey(key), JSON.stringify(value));
    },
    navigateTo: function (options) {
      // WeChat keeps at most ten pages: past that navigateTo fails (the app then replaces the top one).
      if (stack.length >= 10) {
        if (options.fail) options.fail({ errMsg: 'navigateTo:fail webview count limit exceed' });
        return Promise.reject(new Error('navigateTo:fail webview count limit exceed'));
      }
      router.open(options.url);
      if (options.success) options.success({});
      return Promise.resolve({});
    },
    navigateBack: function (options) {
      router.back((options && options.delta) || 1);
    },
    showToast: function (options) {
      toast(options.title);
    },
    showModal: function (options) {
      // A dialog with a cancel button asks (window.confirm); one without only informs.
      var text = (options.title ? options.title + '：' : '') + (options.content || '');
      if (options.showCancel === false) toast(text);
      var confirmed = options.showCancel === false ? true : window.confirm(text);
      if (options.success)
        setTimeout(function () {
          options.success({ confirm: confirmed, cancel: !confirmed });
        }, 0);
    },
    reLaunch: function (options) {
      router.reset(options.url);
    },
    redirectTo: function (options) {
      router.replace(options.url);
      if (options.success) options.success({});
    },
    stopPullDownRefresh: function () {},
    setClipboardData: function (options) {
      if (navigator.clipboard) navigator.clipboard.writeText(options.data).catch(function () {});
      toast('已复制');
    },
    requestSubscribeMessage: function (options) {
      var answer = {};
      answer[options.tmplIds[0]] = 'accept';
      return Promise.resolve(answer);
    },
  });

  // simulate renders WeChat's built-ins as bare elements and listens for touches, not clicks: a
  // click becomes a tap on the nearest rendered element, and each <wx-input> gets a real input.
  var wrapperProto = null;
  function dispatchOn(dom, name, detail) {
    if (wrapperProto) wrapperProto.dispatchEvent.call({ dom: dom }, name, { detail: detail });
  }
  document.addEventListener(
    'click',
    function (e) {
      if (/^(INPUT|TEXTAREA)$/.test(e.target.tagName) || (e.target.closest && e.target.closest('#bar')))
        return;
      var link = e.target.closest && e.target.closest('wx-navigator');
      var url =
        link && link.__wxElement && link.__wxElement.__attributes && link.__wxElement.__attributes.url;
      if (url) return router.open(url);
      var node = e.target;
      while (node && !node.__wxElement) node = node.parentNode;
      if (node) dispatchOn(node, 'tap', { x: e.pageX, y: e.pageY });
    },
    true,
  );
  function equipInputs() {
    document.querySelectorAll('wx-input, wx-textarea').forEach(function (node) {
      var tag = node.tagName === 'WX-TEXTAREA' ? 'textarea' : 'input';
      if (node.querySelector(tag)) return;
      var input = document.createElement(tag);
      var attrs = (node.__wxElement && node.__wxElement.__attributes) || {};
      input.placeholder = attrs.placeholder || '请输入';
      if (attrs.value) input.value = attrs.value;
      input.addEventListener('input', function () {
        dispatchOn(node, 'input', { value: input.value });
      });
      node.appendChild(input);
    });
  }
  new MutationObserver(equipInputs).observe(document.getElementById('app'), {
    childList: true,
    subtree: true,
  });

  // WeChat's <navigator> follows its url when tapped; simulate draws built-ins bare and keeps none
  // of their attributes, so pages get this stand-in.
  var navigatorStandIn = window.simulate.load({
    id: 'preview-navigator',
    properties: { url: String, openType: String, hoverClass: String },
    template: '<view bindtap="follow"><slot/></view>',
    methods: {
      follow: function () {
        if (this.data.openType === 'reLaunch') window.wx.reLaunch({ url: this.data.url });
        else window.wx.navigateTo({ url: this.data.url });
      },
    },
  });

  var container = document.getElementById('app');
  var title = document.getElementById('title');
  var backButton = document.getElementById('back');
  var loaded = {};
  var stack = [];

  function parse(url) {
    var parts = url.replace(/^\//, '').split('?');
    var query = {};
    new URLSearchParams(parts[1] || '').forEach(function (value, key) {
      query[key] = value;
    });
    return { route: parts[0], query: query };
  }

  /** A page leaves the screen: hidden under the next one, or closed (as WeChat calls it). */
  function leave(page, lifetime) {
    if (page.instance[lifetime]) page.instance[lifetime]();
    page.detach();
  }

  var router = {
    open: function (url) {
      var target = parse(url);
      if (preview.pages.indexOf(target.route) < 0) return toast('没有这个页面：' + target.route);
      if (!loaded[target.route]) {
        loaded[target.route] = window.simulate.load(
          '/' + target.route,
          'p-' + target.route.replace(/\W+/g, '-'),
          {
            rootPath: '/',
            compiler: 'official',
            usingComponents: { navigator: navigatorStandIn },
          },
        );
      }
      var page = window.simulate.render(loaded[target.route], target.query);
      wrapperProto = wrapperProto || Object.getPrototypeOf(page);
      if (stack.length) leave(stack[stack.length - 1].page, 'onHide');
      page.attach(container);
      stack.push({ url: url, page: page });
      this.chrome(target.route, url);
      var instance = page.instance;
      return Promise.resolve(instance.onLoad && instance.onLoad(target.query)).then(function () {
        if (instance.onShow) instance.onShow();
        window.scrollTo(0, 0);
      });
    },
    back: function (delta) {
      if (stack.length < 2) return;
      for (var i = 0; i < (delta || 1) && stack.length > 1; i++) leave(stack.pop().page, 'onUnload');
      var top = stack[stack.length - 1];
      top.page.attach(container);
      this.chrome(parse(top.url).route, top.url);
      if (top.page.instance.onShow) top.page.instance.onShow();
    },
    chrome: function (route, url) {
      var json = JSON.parse(window.__FILE_MAP__[route + '.json'] || '{}');
      title.textContent = json.navigationBarTitleText || '异地就医备案助手';
      backButton.style.visibility = stack.length > 1 ? 'visible' : 'hidden';
      history.replaceState(null, '', location.pathname + location.search + '#' + url);
      window.parent.postMessage({ type: 'route', url: url, openid: openid }, '*');
    },
    /** wx.reLaunch: only this page is left. */
    reset: function (url) {
      while (stack.length) leave(stack.pop().page, 'onUnload');
      return this.open(url);
    },
    /** wx.redirectTo: this page takes the place of the top one. */
    replace: function (url) {
      if (stack.length) leave(stack.pop().page, 'onUnload');
      return this.open(url);
    },
    /** The share card of the page on top, as WeChat would build it from onShareAppMessage. */
    share: function () {
      var top = stack[stack.length - 1];
      var fn = top && top.page.instance.onShareAppMessage;
      return fn ? fn.call(top.page.instance) : null;
    },
  };
  window.previewRouter = router;
  // The pages open, bottom first, as WeChat's getCurrentPages() gives them: route and query.
  window.getCurrentPages = function () {
    return stack.map(function (entry) {
      var target = parse(entry.url);
      return { route: target.route, options: target.query };
    });
  };
  backButton.addEventListener('click', function () {
    router.back(1);
  });
  document.getElementById('share').addEventListener('click', function () {
    var card = router.share();
    if (!card) return toast('这个页面不能分享');
    window.parent.postMessage({ type: 'share', card: card }, '*');
    toast('已分享：' + card.title);
  });
  router.open(location.hash.slice(1) || 'pages/home/index');
})();
