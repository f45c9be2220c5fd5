;;; trackspec-lsp.el --- trackspec language server through lsp-mode -*- lexical-binding: t; -*-

;; The same server as trackspec.el, for users of lsp-mode instead of Eglot (Debian's `elpa-lsp-mode', or
;; MELPA).  `trackspec-lsp-setup' starts it in tracking files; the customizations of trackspec.el
;; (`trackspec-command', `trackspec-settings', `trackspec-major-modes') apply.

;;; Code:

(require 'trackspec)
(require 'lsp-mode)

(defun trackspec-lsp--language-id (buffer)
  "The LSP language id of BUFFER's file: json, jsonc (JSON with comments) or yaml."
  (let ((file (or (buffer-file-name buffer) "")))
    (cond ((string-match-p "\\.ya?ml\\'" file) "yaml")
          ((string-match-p "\\.jsonc\\'" file) "jsonc")
          (t "json"))))

(lsp-register-client
 (make-lsp-client
  :new-connection (lsp-stdio-connection (lambda () trackspec-command))
  ;; By file, not by major mode: Emacs 28 opens JSON in `js-mode', where JavaScript files keep their server.
  :activation-fn (lambda (file _mode) (trackspec--tracking-file-p file))
  :language-id #'trackspec-lsp--language-id
  ;; Above lsp-mode's own JSON and YAML clients (vscode-json-languageserver, yaml-language-server) in the
  ;; files trackspec reads.
  :priority 1
  :server-id 'trackspec
  :initialization-options (lambda () (or trackspec-settings (make-hash-table)))))

(defun trackspec-lsp--managed ()
  "Turn `trackspec-mode' on (its keys) in buffers lsp-mode connected to trackspec."
  (when (cl-some (lambda (workspace) (eq (lsp--client-server-id (lsp--workspace-client workspace)) 'trackspec))
                 (lsp-workspaces))
    (trackspec-mode 1)))

(add-hook 'lsp-after-open-hook #'trackspec-lsp--managed)

(defun trackspec-lsp--maybe-start ()
  "Start lsp-mode in this buffer when it visits a tracking file."
  (when (trackspec--tracking-file-p buffer-file-name)
    (lsp-deferred)))

;;;###autoload
(defun trackspec-lsp-setup ()
  "Start trackspec through lsp-mode in the JSON and YAML buffers of `trackspec-major-modes' that visit
tracking files, and in Iglu registry files."
  (trackspec--registry-files-as-json)
  (dolist (mode trackspec-major-modes)
    (add-hook (intern (format "%s-hook" mode)) #'trackspec-lsp--maybe-start)))

(provide 'trackspec-lsp)
;;; trackspec-lsp.el ends here
