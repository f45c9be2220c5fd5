;;; Batch Emacs 28 with Eglot 1.9 or lsp-mode 8: editors/emacs set up exactly as its README says
;;; (`trackspec-setup' or `trackspec-lsp-setup'), then four files opened: a JavaScript file (js-mode, must not get trackspec), a JSON
;;; tracking file, an Iglu registry file without an extension, and a YAML file when yaml-mode is installed.
;;; For each: its major mode and whether the client connected it to trackspec. Result as JSON in
;;; $TRACKSPEC_EMACS_OUT.
;;; Loaded after an init file editors/emacs/README.md shows (trackspec on PATH).
(setq debug-on-error t)
(load (expand-file-name "helpers.el" (file-name-directory load-file-name)) nil t)

(let ((results '()))
  (dolist (file (split-string (getenv "TRACKSPEC_FILES") "\t"))
    ;; Ten seconds for the JavaScript file to (not) connect.
    (trackspec-test--open file 100)
    (push (list (cons 'file (file-name-nondirectory file))
                (cons 'mode (symbol-name major-mode))
                (cons 'c-m-i (format "%s" (key-binding (kbd "C-M-i"))))
                (cons 'managed (if (trackspec-test--managed-p) t :json-false)))
          results))
  (trackspec-test--write (vconcat (nreverse results))))
(trackspec-test--stop)
