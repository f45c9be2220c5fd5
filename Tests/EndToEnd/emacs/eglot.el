;;; Batch Emacs with Debian's Eglot: editors/emacs/trackspec.el loaded as its README says, a connection
;;; file opened, diagnostics through Flymake and a hover through the server; JSON in $TRACKSPEC_EMACS_OUT.
;;; Loaded after the init file editors/emacs/README.md shows (trackspec on PATH, `trackspec-setup').
(setq debug-on-error t)
(load (expand-file-name "helpers.el" (file-name-directory load-file-name)) nil t)
(trackspec-test--open (getenv "TRACKSPEC_FILE"))
(trackspec-test--wait (lambda () (flymake-diagnostics)))
(let* ((line (string-to-number (getenv "TRACKSPEC_HOVER_LINE")))
       (character (string-to-number (getenv "TRACKSPEC_HOVER_CHARACTER")))
       (hover (jsonrpc-request (eglot-current-server) :textDocument/hover
                               (list :textDocument (eglot--TextDocumentIdentifier)
                                     :position (list :line line :character character)))))
  (trackspec-test--write
                 (list (cons 'mode (symbol-name major-mode))
                       (cons 'diagnostics (mapcar (lambda (d) (list (cons 'line (line-number-at-pos (flymake-diagnostic-beg d)))
                                                                     (cons 'text (flymake-diagnostic-text d))))
                                                  (flymake-diagnostics)))
                       (cons 'hover (plist-get (plist-get hover :contents) :value))
                       (cons 'meta-dot (symbol-name (key-binding (kbd "M-.")))))))
(trackspec-test--stop)
