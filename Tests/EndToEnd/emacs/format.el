;;; Batch Emacs 28 + Eglot 1.9 with editors/emacs/trackspec.el: open $TRACKSPEC_FILE, indent with tabs
;;; (indent-tabs-mode t, tab-width 4: Eglot sends insertSpaces false and tabSize 4), run
;;; `eglot-format-buffer', and write the buffer text to $TRACKSPEC_EMACS_OUT.
;;; Loaded after the init file editors/emacs/README.md shows (trackspec on PATH, `trackspec-setup').
(setq debug-on-error t)
(load (expand-file-name "helpers.el" (file-name-directory load-file-name)) nil t)
(trackspec-test--open (getenv "TRACKSPEC_FILE"))
(setq indent-tabs-mode t)
(setq tab-width 4)
(eglot-format-buffer)
(let ((text (buffer-substring-no-properties (point-min) (point-max))))
  (with-temp-file (getenv "TRACKSPEC_EMACS_OUT") (insert text)))
(trackspec-test--stop)
