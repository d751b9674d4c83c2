// Injected into the preview's pages by `springboard dev`: reload on every good rebuild, and list the
// problems of a failed one in a banner at the top of the page, in the flow: it pushes the last good
// page down rather than covering the title it reports on.
;(function () {
  function showProblems(state) {
    var old = document.getElementById('springboard-dev-problems')
    if (old) old.parentNode.removeChild(old)
    if (state.ok) return
    var panel = document.createElement('section')
    panel.id = 'springboard-dev-problems'
    panel.setAttribute('role', 'alert')
    panel.setAttribute('style', 'position:static;max-height:40vh;overflow:auto;margin:0;background:#fff4f4;color:#5a0000;border-bottom:3px solid #b00020;font:14px/1.4 monospace;padding:12px 16px;white-space:pre-wrap')
    var errors = state.messages.filter(function (m) { return m.severity === 'error' }).length
    var title = document.createElement('strong')
    if (state.error) title.textContent = 'The last rebuild stopped: ' + state.error + '\nBelow is the last good preview.\n'
    else title.textContent = 'The last rebuild failed (' + errors + ' error' + (errors === 1 ? '' : 's') + ', ' + (state.messages.length - errors) + ' warning' + (state.messages.length - errors === 1 ? '' : 's') + '); below is the last good preview.\n'
    panel.appendChild(title)
    // The problems of the chapter this page shows come first.
    var own = document.body.getAttribute('data-file')
    var mine = state.messages.filter(function (m) { return m.file === own })
    mine.concat(state.messages.filter(function (m) { return m.file !== own })).forEach(function (m) {
      var line = document.createElement('div')
      line.className = 'springboard-dev-problem'
      line.textContent = m.file + ':' + m.line + ':' + m.column + ': ' + m.severity + ' ' + m.message + ' [' + m.rule + ']\n    hint: ' + m.hint
      panel.appendChild(line)
    })
    document.body.insertBefore(panel, document.body.firstChild)
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
