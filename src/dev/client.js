// Injected into preview pages by `springboard dev`: reload on every rebuild,
// and show the problems of a failed rebuild over the last good page.
;(function () {
  function showProblems(state) {
    var old = document.getElementById('springboard-dev-problems')
    if (old) old.parentNode.removeChild(old)
    if (state.ok) return
    var panel = document.createElementNS('http://www.w3.org/1999/xhtml', 'div')
    panel.id = 'springboard-dev-problems'
    panel.setAttribute('role', 'alert')
    panel.setAttribute('style', 'position:fixed;left:0;right:0;top:0;max-height:50%;overflow:auto;z-index:99999;background:#fff4f4;color:#5a0000;border-bottom:3px solid #b00020;font:14px/1.4 monospace;padding:12px 16px;white-space:pre-wrap')
    var title = document.createElementNS('http://www.w3.org/1999/xhtml', 'strong')
    title.textContent = 'The last rebuild failed; this is the last good preview.\n'
    panel.appendChild(title)
    state.messages.forEach(function (m) {
      var line = document.createElementNS('http://www.w3.org/1999/xhtml', 'div')
      line.className = 'springboard-dev-problem'
      line.textContent = m.file + ':' + m.line + ':' + m.column + ': ' + m.severity + ' ' + m.message + ' [' + m.rule + ']\n    hint: ' + m.hint
      panel.appendChild(line)
    })
    document.body.appendChild(panel)
  }
  function refresh() {
    fetch('/__dev/state').then(function (r) { return r.json() }).then(showProblems)
  }
  var version = null
  var events = new EventSource('/__dev/events')
  events.addEventListener('rebuild', function (event) {
    var state = JSON.parse(event.data)
    if (version !== null && state.version !== version) {
      if (state.ok) location.reload()
      else showProblems(state)
    }
    version = state.version
  })
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', refresh)
  else refresh()
})()
