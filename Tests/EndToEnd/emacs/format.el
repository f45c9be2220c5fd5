;;; Batch Emacs 28 + Eglot 1.9 with editors/emacs/trackspec.el: open $TRACKSPEC_FILE, indent with tabs
;;; (indent-tabs-mode t, tab-width 4: Eglot sends insertSpaces false and tabSize 4), run
;;; `eglot-format-buffer', and write the buffer text to $TRACKSPEC_EMACS_OUT.
;;; Loaded after the init file editors/emacs/README.md shows (trackspec on PATH, `trackspec-setup').
(setq debug-on-error t)
(find-file (getenv "TRACKSPEC_FILE"))
;; eglot-ensure (from `trackspec-setup') connects in `post-command-hook', after the command that opened the file:
;; batch Emacs has no command loop, so the hook runs here as it would once `C-x C-f' returns.
(run-hooks 'post-command-hook)
(let ((i 0))
  (while (and (< i 300) (not (bound-and-true-p eglot--managed-mode)))
    (accept-process-output nil 0.1)
    (setq i (1+ i))))
(setq indent-tabs-mode t)
(setq tab-width 4)
(eglot-format-buffer)
(let ((text (buffer-substring-no-properties (point-min) (point-max))))
  (with-temp-file (getenv "TRACKSPEC_EMACS_OUT") (insert text)))
(ignore-errors (eglot-shutdown (eglot-current-server)))
(kill-emacs 0)
