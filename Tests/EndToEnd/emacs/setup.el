;;; Batch Emacs 28 with Eglot 1.9 or lsp-mode 8: editors/emacs set up exactly as its README says
;;; (`trackspec-setup' or `trackspec-lsp-setup'), then four files opened: a JavaScript file (js-mode, must not get trackspec), a JSON
;;; tracking file, an Iglu registry file without an extension, and a YAML file when yaml-mode is installed.
;;; For each: its major mode and whether the client connected it to trackspec. Result as JSON in
;;; $TRACKSPEC_EMACS_OUT.
;;; Loaded after an init file editors/emacs/README.md shows (trackspec on PATH).
(setq debug-on-error t)
(require 'json)

(defun trackspec-test--wait (predicate)
  (let ((i 0))
    (while (and (< i 100) (not (funcall predicate)))
      (accept-process-output nil 0.1)
      (setq i (1+ i)))
    (funcall predicate)))

(defun trackspec-test--managed-p ()
  "Connected to trackspec: by Eglot with trackspec's server class, or by lsp-mode (`trackspec-mode' is turned
on in lsp-mode buffers of trackspec's workspace only)."
  (or (and (bound-and-true-p eglot--managed-mode) (object-of-class-p (eglot-current-server) 'trackspec-server))
      (and (bound-and-true-p lsp-mode) (bound-and-true-p trackspec-mode))))

(let ((results '()))
  (dolist (file (split-string (getenv "TRACKSPEC_FILES") "\t"))
    (when (featurep 'lsp-mode)
      (lsp-workspace-folders-add (getenv "TRACKSPEC_ROOT")))
    (find-file file)
    ;; eglot-ensure connects from `post-command-hook', after the command that opened the file, lsp-deferred from
    ;; an idle timer: batch Emacs has no command loop, so both run here as they would once `C-x C-f' returns.
    (run-hooks 'post-command-hook)
    (dolist (timer (copy-sequence timer-idle-list))
      (timer-event-handler timer))
    (trackspec-test--wait #'trackspec-test--managed-p)
    (push (list (cons 'file (file-name-nondirectory file))
                (cons 'mode (symbol-name major-mode))
                (cons 'c-m-i (format "%s" (key-binding (kbd "C-M-i"))))
                (cons 'managed (if (trackspec-test--managed-p) t :json-false)))
          results))
  (with-temp-file (getenv "TRACKSPEC_EMACS_OUT")
    (insert (json-encode (vconcat (nreverse results))))))
(if (featurep 'lsp-mode)
    (ignore-errors (lsp-workspace-shutdown (car (lsp-workspaces))))
  (ignore-errors (eglot-shutdown (eglot-current-server))))
(kill-emacs 0)
