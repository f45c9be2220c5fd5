;;; Batch Emacs with Debian's Eglot: editors/emacs/trackspec.el loaded as its README says, a connection
;;; file opened, diagnostics through Flymake and a hover through the server; JSON in $TRACKSPEC_EMACS_OUT.
;;; Loaded after the init file editors/emacs/README.md shows (trackspec on PATH, `trackspec-setup').
(setq debug-on-error t)
(require 'json)
(find-file (getenv "TRACKSPEC_FILE"))
;; eglot-ensure (from `trackspec-setup') connects in `post-command-hook', after the command that opened the file:
;; batch Emacs has no command loop, so the hook runs here as it would once `C-x C-f' returns.
(run-hooks 'post-command-hook)
(defun trackspec-test--wait (predicate)
  (let ((i 0))
    (while (and (< i 300) (not (funcall predicate)))
      (accept-process-output nil 0.1)
      ;; Batch Emacs has no redisplay to trigger Flymake: start it by hand.
      (flymake-start nil t)
      (setq i (1+ i)))))
(trackspec-test--wait (lambda () (flymake-diagnostics)))
(let* ((line (string-to-number (getenv "TRACKSPEC_HOVER_LINE")))
       (character (string-to-number (getenv "TRACKSPEC_HOVER_CHARACTER")))
       (hover (jsonrpc-request (eglot-current-server) :textDocument/hover
                               (list :textDocument (eglot--TextDocumentIdentifier)
                                     :position (list :line line :character character)))))
  (let ((result (json-encode
                 (list (cons 'mode (symbol-name major-mode))
                       (cons 'diagnostics (mapcar (lambda (d) (list (cons 'line (line-number-at-pos (flymake-diagnostic-beg d)))
                                                                     (cons 'text (flymake-diagnostic-text d))))
                                                  (flymake-diagnostics)))
                       (cons 'hover (plist-get (plist-get hover :contents) :value))
                       (cons 'meta-dot (symbol-name (key-binding (kbd "M-."))))))))
    (with-temp-file (getenv "TRACKSPEC_EMACS_OUT") (insert result))))
;; Shutting down can outlast Eglot's 1.5 s timeout under the tracing proxy; the result is already written.
(ignore-errors (eglot-shutdown (eglot-current-server)))
(kill-emacs 0)
