;;; Batch Emacs 28 with Eglot 1.9: editors/emacs/trackspec.el set up exactly as its README says
;;; (`trackspec-setup'), then four files opened: a JavaScript file (js-mode, must not get trackspec), a JSON
;;; tracking file, an Iglu registry file without an extension, and a YAML file when yaml-mode is installed.
;;; For each: its major mode and whether Eglot manages it with trackspec. Result as JSON in
;;; $TRACKSPEC_EMACS_OUT.
;;; Loaded after the init file editors/emacs/README.md shows (trackspec on PATH, `trackspec-setup').
(setq debug-on-error t)
(require 'json)

(defun trackspec-test--wait (predicate)
  (let ((i 0))
    (while (and (< i 100) (not (funcall predicate)))
      (accept-process-output nil 0.1)
      (setq i (1+ i)))
    (funcall predicate)))

(let ((results '()))
  (dolist (file (split-string (getenv "TRACKSPEC_FILES") "\t"))
    (find-file file)
    ;; eglot-ensure connects from `post-command-hook', after the command that opened the file: batch Emacs has
    ;; no command loop, so the hook runs here as it would once `C-x C-f' returns.
    (run-hooks 'post-command-hook)
    (trackspec-test--wait (lambda () (bound-and-true-p eglot--managed-mode)))
    (push (list (cons 'file (file-name-nondirectory file))
                (cons 'mode (symbol-name major-mode))
                (cons 'c-m-i (format "%s" (key-binding (kbd "C-M-i"))))
                (cons 'managed (if (and (bound-and-true-p eglot--managed-mode)
                                        (cl-typep (eglot-current-server) 'trackspec-server))
                                   t :json-false)))
          results))
  (with-temp-file (getenv "TRACKSPEC_EMACS_OUT")
    (insert (json-encode (vconcat (nreverse results))))))
(ignore-errors (eglot-shutdown (eglot-current-server)))
(kill-emacs 0)
