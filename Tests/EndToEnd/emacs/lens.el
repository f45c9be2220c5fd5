;;; Batch Emacs 28 + lsp-mode 8 with editors/emacs/trackspec-lsp.el as its README says: $TRACKSPEC_FILE opened in its
;;; project (imported as the root, as `i' does), lsp-mode's lenses (lsp-lens-mode) refreshed, and the lens texts
;;; shown in the buffer recorded as JSON in $TRACKSPEC_EMACS_OUT. (Eglot 1.9 has no code lenses.)
;;; Loaded after the init file editors/emacs/README.md shows for lsp-mode (trackspec on PATH).
(setq debug-on-error t)
(load (expand-file-name "helpers.el" (file-name-directory load-file-name)) nil t)

(defun trackspec-test--lenses ()
  "The lens texts lsp-mode's overlays show (each keeps its text as `lsp-original')."
  (delq nil (mapcar (lambda (o) (when (overlay-get o 'lsp-original) (substring-no-properties (overlay-get o 'lsp-original))))
                    (overlays-in (point-min) (point-max)))))

(trackspec-test--open (getenv "TRACKSPEC_FILE"))
(lsp-lens-mode 1)
(lsp-lens-refresh t)
(trackspec-test--wait #'trackspec-test--lenses 100)
(trackspec-test--write (vconcat (trackspec-test--lenses)))
(trackspec-test--stop)
