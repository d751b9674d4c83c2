// Injected into the preview's pages by `springboard dev`: reload when a rebuild made a new preview, and
// list the book's problems in a banner at the top of the page, in the flow: it pushes the page down rather
// than covering the title it reports on. The banner says what the page shows; it never claims a last good
// preview that does not exist. Every text goes in as text (textContent), never as markup.
;(function () {
  function plural(n, noun) {
    return n + ' ' + noun + (n === 1 ? '' : 's')
  }
  function headline(state, errors, warnings) {
    var todos = state.messages.filter(function (m) { return m.rule === 's-006' }).length
    var counts = plural(errors, 'error') + (todos > 0 ? ' (' + plural(todos, 'TODO') + ' left from springboard new)' : '') + ', ' + plural(warnings, 'warning')
    if (state.error) {
      return 'The last rebuild stopped: ' + state.error + '\n' + (state.preview === 'none' ? 'There is no preview yet.' : 'Below is the preview from the last rebuild that finished.')
    }
    if (state.preview === 'partial') return counts + ' in the book. Every valid chapter is shown; a chapter with problems shows its last good version, or, never valid yet, its draft.'
    if (state.preview === 'earlier') return 'The last rebuild could not make the books (' + counts + '); below is the preview from an earlier rebuild.'
    if (state.preview === 'none') return 'The book does not build yet (' + counts + '): there is no preview to show.'
    return counts + '.'
  }
  function showProblems(state) {
    var old = document.getElementById('springboard-dev-problems')
    if (old) old.parentNode.removeChild(old)
    if (state.ok && !state.error) return
    var own = document.body.getAttribute('data-file')
    // A page made at this rebuild lists its own chapter's problems itself, each at its line.
    var listed = document.body.getAttribute('data-listed') === 'true' && Number(document.body.getAttribute('data-version')) === state.version
    var shown = state.messages.filter(function (m) { return !(listed && m.file === own) })
    var errors = state.messages.filter(function (m) { return m.severity === 'error' }).length
    var panel = document.createElement('section')
    panel.id = 'springboard-dev-problems'
    panel.setAttribute('role', 'alert')
    panel.setAttribute('style', 'position:static;max-height:40vh;overflow:auto;margin:0;background:#fff4f4;color:#5a0000;border-bottom:3px solid #b00020;font:14px/1.4 monospace;padding:12px 16px;white-space:pre-wrap')
    var title = document.createElement('strong')
    title.textContent = headline(state, errors, state.messages.length - errors) + (listed && shown.length < state.messages.length ? ' This chapter\u2019s problems are listed below, each with its line.' : '') + '\n'
    panel.appendChild(title)
    // By file, the chapter this page shows first: each file's problems open at a click, its summary says how many.
    var files = []
    shown.forEach(function (m) {
      if (files.indexOf(m.file) === -1) files.push(m.file)
    })
    files.sort(function (a, b) { return (b === own) - (a === own) })
    files.forEach(function (file) {
      var mine = shown.filter(function (m) { return m.file === file })
      var group = document.createElement('details')
      group.className = 'springboard-dev-file'
      if (file === own || files.length === 1) group.open = true
      var summary = document.createElement('summary')
      var fileErrors = mine.filter(function (m) { return m.severity === 'error' }).length
      var todos = mine.filter(function (m) { return m.rule === 's-006' }).length
      summary.textContent = file + ': ' + [fileErrors > 0 ? plural(fileErrors, 'error') + (todos > 0 ? ' (' + plural(todos, 'TODO') + ')' : '') : '', mine.length - fileErrors > 0 ? plural(mine.length - fileErrors, 'warning') : ''].filter(Boolean).join(', ')
      group.appendChild(summary)
      mine.forEach(function (m) {
        var line = document.createElement('div')
        line.className = 'springboard-dev-problem'
        var where = document.createElement('a')
        where.href = '/source/' + encodeURIComponent(m.file) + '#L' + m.line
        where.textContent = m.file + ':' + m.line + ':' + m.column
        line.appendChild(where)
        line.appendChild(document.createTextNode(': ' + m.severity + ' ' + m.message + ' [' + m.rule + ']\n    hint: ' + m.hint))
        group.appendChild(line)
      })
      panel.appendChild(group)
    })
    document.body.insertBefore(panel, document.body.firstChild)
    // The banner moved the page down: bring the line a link points at (`#L12`) back into view.
    var target = location.hash && document.getElementById(location.hash.slice(1))
    if (target) target.scrollIntoView()
  }
  function refresh() {
    fetch('/__dev/state').then(function (r) { return r.json() }).then(showProblems)
  }
  var version = null
  var problems = null
  // The contents' line on the handouts' layout, taken again from the page as the server makes it now.
  function refreshHandoutsLine() {
    var line = document.querySelector('p.handouts')
    if (!line) return
    fetch(location.href).then(function (r) { return r.text() }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('p.handouts')
      if (fresh && line.parentNode) line.parentNode.replaceChild(document.importNode(fresh, true), line)
    })
  }
  var events = new EventSource('/__dev/events')
  events.addEventListener('rebuild', function (event) {
    var state = JSON.parse(event.data)
    var made = (document.body.getAttribute('data-made') || '').split(' ')
    var listsProblems = document.body.getAttribute('data-statuses') === 'true' || document.body.getAttribute('data-listed') === 'true'
    if (version === null && Number(made[0]) === state.version && made[1] === 'checking' && Number(made[2]) !== state.messages.length && listsProblems) {
      // Made while this rebuild's handouts were being laid out, which has found more problems since: made again.
      location.reload()
    } else if (version !== null && state.version !== version) {
      if (!state.error && (state.preview === 'current' || state.preview === 'partial')) location.reload()
      else showProblems(state)
    } else if (version !== null && JSON.stringify(state.messages) !== problems) {
      // The same rebuild, its handouts laid out with new problems: a page that lists statuses or problems is
      // made again, any other shows them in the banner.
      if (listsProblems) location.reload()
      else showProblems(state)
    } else if (version !== null) {
      refreshHandoutsLine()
    }
    version = state.version
    problems = JSON.stringify(state.messages)
  })
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', refresh)
  else refresh()
})()
