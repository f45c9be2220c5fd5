;;; Batch Emacs 28 + lsp-mode 8 with editors/emacs/trackspec-lsp.el as its README says: $TRACKSPEC_FILE opened in its
;;; project (imported as the root, as `i' does), lsp-mode's lenses (lsp-lens-mode) refreshed, and the lens texts
;;; shown in the buffer recorded as JSON in $TRACKSPEC_EMACS_OUT. (Eglot 1.9 has no code lenses.)
;;; Loaded after the init file editors/emacs/README.md shows for lsp-mode (trackspec on PATH).
(setq debug-on-error t)
(require 'json)

(defun trackspec-test--wait (predicate)
  (let ((i 0))
    (while (and (< i 100) (not (funcall predicate)))
      (accept-process-output nil 0.1)
      (setq i (1+ i)))
    (funcall predicate)))

(defun trackspec-test--lenses ()
  "The lens texts lsp-mode's overlays show (each keeps its text as `lsp-original')."
  (delq nil (mapcar (lambda (o) (when (overlay-get o 'lsp-original) (substring-no-properties (overlay-get o 'lsp-original))))
                    (overlays-in (point-min) (point-max)))))

(let ((file (getenv "TRACKSPEC_FILE")))
  (lsp-workspace-folders-add (file-name-directory file))
  (find-file file)
  (run-hooks 'post-command-hook)
  (dolist (timer (copy-sequence timer-idle-list))
    (timer-event-handler timer))
  (trackspec-test--wait (lambda () (bound-and-true-p trackspec-mode)))
  (lsp-lens-mode 1)
  (lsp-lens-refresh t)
  (trackspec-test--wait #'trackspec-test--lenses)
  (let ((lenses (vconcat (trackspec-test--lenses))))
    (with-temp-file (getenv "TRACKSPEC_EMACS_OUT")
      (insert (json-encode lenses)))))
(ignore-errors (lsp-workspace-shutdown (car (lsp-workspaces))))
(kill-emacs 0)
