;;; Batch Emacs with Debian's Eglot: editors/emacs/trackspec.el loaded as its README says, a connection
;;; file opened, diagnostics through Flymake and a hover through the server; JSON in $TRACKSPEC_EMACS_OUT.
(setq debug-on-error t)
(add-to-list 'load-path (getenv "TRACKSPEC_EMACS"))
(require 'trackspec)
(require 'json)
(setq trackspec-command (split-string (getenv "TRACKSPEC_CMD") "\t"))
(find-file (getenv "TRACKSPEC_FILE"))
(call-interactively #'eglot)
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
